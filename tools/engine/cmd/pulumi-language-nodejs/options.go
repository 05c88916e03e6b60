package main

// Runtime options and module resolution, shared by Run and RunPlugin.

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// options are the runtime options of Pulumi.yaml / PulumiPolicy.yaml that matter here.
type options struct {
	typescript   bool
	tsconfigPath string
	nodeArgs     []string
}

func parseOptions(info *pulumirpc.ProgramInfo) (options, error) {
	opts := options{typescript: true}
	if info == nil || info.Options == nil {
		return opts, nil
	}
	m := info.Options.AsMap()
	if v, ok := m["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return opts, errors.New("typescript option must be a boolean")
		}
		opts.typescript = b
	}
	if v, ok := m["tsconfig"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("tsconfig option must be a string")
		}
		opts.tsconfigPath = s
	}
	if v, ok := m["nodeargs"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("nodeargs option must be a string")
		}
		opts.nodeArgs = strings.Fields(s)
	}
	return opts, nil
}

func (o options) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfigPath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfigPath)
	}
	return env
}

// resolveModule asks node where a module resolves from dir (so the project's
// own node_modules, or a parent's, is used).
func resolveModule(nodeBin, dir, module string) (string, error) {
	script := fmt.Sprintf("try { console.log(require.resolve(%q)) } catch (e) {"+
		" console.error(e.code === 'MODULE_NOT_FOUND' ? %q : e.message); process.exit(1) }",
		module, "could not find "+module+" from "+dir+": is node_modules installed?")
	cmd := exec.Command(nodeBin, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", errors.New(strings.TrimSpace(string(ee.Stderr)))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}
