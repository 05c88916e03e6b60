package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// RunPlugin starts a plugin written in nodejs: a policy pack (kind "analyzer")
// or a provider/tool run from source.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	info := req.GetInfo()
	programDir := req.GetPwd()
	if info != nil && info.ProgramDirectory != "" {
		programDir = info.ProgramDirectory
	}
	opts, err := parseOptions(info)
	if err != nil {
		return err
	}
	isPolicyPack := req.GetKind() == string(apitype.AnalyzerPlugin)

	module := runPluginModule
	if isPolicyPack {
		module = runPolicyModule
	} else if p := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); p != "" {
		module = p
	}
	runPath, err := resolveModule(nodeBin, programDir, module)
	if err != nil {
		return err
	}

	env := append(append([]string{}, req.GetEnv()...), opts.env()...)
	args := append([]string{runPath}, opts.nodeArgs...)
	if isPolicyPack {
		// run-policy-pack takes the engine address first and the pack directory last.
		args = append(args, req.GetArgs()...)
		args = append(args, programDir)
	} else {
		args = append(args, programDir)
		args = append(args, req.GetArgs()...)
	}

	var proxy *sdk.PolicyProxy
	if isPolicyPack {
		// @pulumi/policy reads the stack's project/stack/config from the
		// environment, so learn them from the engine first (ConfigureStack),
		// then start the pack and proxy the engine's calls to it.
		if proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout); err != nil {
			return fmt.Errorf("could not start policy pack proxy: %w", err)
		}
		stackCfg, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get stack configuration: %w", err)
		}
		if stackCfg != nil {
			add := func(k, v string) {
				if v != "" {
					env = append(env, k+"="+v)
				}
			}
			add("PULUMI_NODEJS_ORGANIZATION", stackCfg.Organization)
			add("PULUMI_NODEJS_PROJECT", stackCfg.Project)
			add("PULUMI_NODEJS_STACK", stackCfg.Stack)
			add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stackCfg.DryRun))
			if stackCfg.Config != nil {
				b, err := json.Marshal(stackCfg.Config)
				if err != nil {
					return err
				}
				add("PULUMI_CONFIG", string(b))
			}
		}
	}

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	cmd.Dir = req.GetPwd()
	if isPolicyPack {
		cmd.Dir = programDir // policy packs have always run from their own directory
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	logging.V(5).Infof("stand-in nodejs host running plugin: %s", cmd)

	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not run node: %w", err)
	}
	if proxy != nil {
		if err := proxy.Attach(ctx, cmd); err != nil {
			return fmt.Errorf("could not attach policy pack proxy: %w", err)
		}
	} else if err := cmd.Wait(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("Program exited with non-zero exit code: %d", ee.ExitCode())
		}
		return err
	}
	return closer.Close()
}
