// Command stack-config prints the config `pulumi up` would hand the program, computed with Pulumi
// 3.248's own Go functions, for the differential test of our TypeScript loader
// (tests/loaderParity/). It never runs a program, opens a backend or decrypts anything.
//
// Usage: stack-config [<projectDir> <stack>]...   (pairs as arguments)
//
//	stack-config < pairs.tsv                  (no arguments: one "<projectDir>\t<stack>" a line)
//
// One JSON line per pair, in input order:
//
//	{"dir":..,"stack":..,"projectFile":..,"stackFile":..,"config":{"ns:name":"text"},"secureKeys":[..]}
//	{"dir":..,"stack":..,"error":".."}
//
// "environment" (the stack file's `environment:` block, as text) is added when present: Pulumi would
// merge an ESC environment into the config, which this program cannot open (it passes esc.Value{}).
// "warnings" carries what Pulumi would print on its diagnostic sink (e.g. null config values).
//
// The path from the project to the config map follows github.com/pulumi/pulumi/pkg/v3 v3.248.0,
// cmd/pulumi/operations/up.go (upWorkingDirectory):
//  1. readProjectForUpdate (operations/io.go) → pkgWorkspace.Instance.ReadProject
//     (pkg/workspace/context.go) → workspace.DetectProjectAndPath: the project file found from the
//     working directory upwards (DetectProjectPathFrom, findProjectInDir: Pulumi.json, .yaml, .yml),
//     then workspace.LoadProject.
//  2. cmdConfig.GetStackConfiguration (cmd/pulumi/config/io.go) → cmdStack.LoadProjectStack
//     (cmd/pulumi/stack/io.go) → workspace.DetectProjectStackPath (Pulumi.<stack><ext of the
//     project file>, under stackConfigDir when set) → workspace.LoadProjectStack.
//     getStackConfigurationFromProjectStack: no environment here (esc.Value{}); the decrypter is
//     config.NewPanicCrypter() unless the stack config holds a secure value (needsCrypter).
//  3. workspace.ValidateStackConfigAndApplyProjectConfig with the secrets manager's decrypter:
//     project `config:` values and defaults merged in, typed project config validated.
//  4. The engine (pkg/resource/deploy/source_eval.go, evalSource.Iterate) hands the language host
//     target.Config.Decrypt(target.Decrypter) and target.Config.SecureKeys(); target.Decrypter is
//     the decrypter of step 2 (backend/diy/state.go getTarget).
//
// Secure values are "decrypted" to a marker; keys holding one are listed in secureKeys and left out
// of config (our loader cannot read them either). A panic inside Pulumi's code (which would crash
// `pulumi up`) is reported as an error.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/pulumi/esc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

type result struct {
	Dir         string            `json:"dir"`
	Stack       string            `json:"stack"`
	ProjectFile string            `json:"projectFile,omitempty"`
	StackFile   string            `json:"stackFile,omitempty"`
	Config      map[string]string `json:"config"`
	SecureKeys  []string          `json:"secureKeys"`
	Environment string            `json:"environment,omitempty"`
	Warnings    string            `json:"warnings,omitempty"`
}

type failure struct {
	Dir      string `json:"dir"`
	Stack    string `json:"stack"`
	Error    string `json:"error"`
	Warnings string `json:"warnings,omitempty"`
}

// markerCrypter stands in for the stack's secrets manager: every ciphertext "decrypts" to a marker,
// so the decryption paths run as in `pulumi up` without any key.
type markerCrypter struct{}

func (markerCrypter) EncryptValue(_ context.Context, plaintext string) (string, error) {
	return "", fmt.Errorf("stack-config never encrypts (asked to encrypt a value)")
}

func (markerCrypter) BatchEncrypt(_ context.Context, plaintexts []string) ([]string, error) {
	return nil, fmt.Errorf("stack-config never encrypts (asked to encrypt %d values)", len(plaintexts))
}

func (markerCrypter) DecryptValue(_ context.Context, ciphertext string) (string, error) {
	return "[secret]", nil
}

func (m markerCrypter) BatchDecrypt(ctx context.Context, ciphertexts []string) ([]string, error) {
	out := make([]string, len(ciphertexts))
	for i, c := range ciphertexts {
		out[i], _ = m.DecryptValue(ctx, c)
	}
	return out, nil
}

func main() {
	pairs, err := readPairs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "stack-config:", err)
		os.Exit(2)
	}
	start, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "stack-config:", err)
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for _, p := range pairs {
		r := resolve(p[0], p[1])
		// DetectProjectPath reads the working directory: go back to where relative dirs start.
		if err := os.Chdir(start); err != nil {
			fmt.Fprintln(os.Stderr, "stack-config:", err)
			os.Exit(2)
		}
		if err := enc.Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, "stack-config:", err)
			os.Exit(2)
		}
	}
}

func readPairs(args []string) ([][2]string, error) {
	var pairs [][2]string
	if len(args) > 0 {
		if len(args)%2 != 0 {
			return nil, fmt.Errorf("arguments come in pairs: <projectDir> <stack>")
		}
		for i := 0; i < len(args); i += 2 {
			pairs = append(pairs, [2]string{args[i], args[i+1]})
		}
		return pairs, nil
	}
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		line := scanner.Text()
		if line == "" {
			continue
		}
		dir, stack, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("stdin line %q is not <projectDir>TAB<stack>", line)
		}
		pairs = append(pairs, [2]string{dir, stack})
	}
	return pairs, scanner.Err()
}

func resolve(dir, stack string) (out any) {
	var warnings bytes.Buffer
	defer func() {
		if p := recover(); p != nil {
			if os.Getenv("STACK_CONFIG_TRACE") != "" {
				fmt.Fprintf(os.Stderr, "%s %s: %v\n%s\n", dir, stack, p, debug.Stack())
			}
			out = failure{dir, stack, fmt.Sprintf("panic (pulumi would crash): %v", p), warnings.String()}
		}
	}()
	sink := diag.DefaultSink(&warnings, &warnings, diag.FormatOptions{Color: colors.Never})
	r := result{Dir: dir, Stack: stack, Config: map[string]string{}, SecureKeys: []string{}}
	if err := resolveInto(&r, sink, dir, stack); err != nil {
		return failure{dir, stack, err.Error(), warnings.String()}
	}
	r.Warnings = warnings.String()
	return r
}

func resolveInto(r *result, sink diag.Sink, dir, stack string) error {
	ctx := context.Background()
	// The CLI runs in the project folder: every Detect* below reads the working directory.
	if err := os.Chdir(dir); err != nil {
		return err
	}
	stackName, err := tokens.ParseStackName(stack)
	if err != nil {
		return err
	}

	// Step 1: readProjectForUpdate → DetectProjectAndPath (DetectProjectPathFrom + LoadProject).
	proj, projPath, err := workspace.DetectProjectAndPath()
	if err != nil {
		return err
	}
	r.ProjectFile = relative(projPath)

	// Step 2: cmdStack.LoadProjectStack → DetectProjectStackPath → workspace.LoadProjectStack.
	proj, stackPath, err := workspace.DetectProjectStackPath(stackName.Q())
	if err != nil {
		return fmt.Errorf("could not detect project stack path: %w", err)
	}
	r.StackFile = relative(stackPath)
	ps, err := workspace.LoadProjectStack(sink, proj, stackPath)
	if err != nil {
		return err
	}
	if env := ps.EnvironmentBytes(); len(env) != 0 {
		r.Environment = string(env)
	}
	cfg := ps.Config
	// getStackConfigurationFromProjectStack: needsCrypter(cfg, env) with no environment.
	var targetDecrypter config.Decrypter = config.NewPanicCrypter()
	if cfg.HasSecureValue() {
		targetDecrypter = markerCrypter{}
	}

	// Step 3: up.go, with sm.Encrypter() and sm.Decrypter().
	if err := workspace.ValidateStackConfigAndApplyProjectConfig(
		ctx, stackName.String(), proj, esc.Value{}, cfg, markerCrypter{}, markerCrypter{},
	); err != nil {
		return fmt.Errorf("validating stack config: %w", err)
	}

	// Step 4: evalSource.Iterate.
	decrypted, err := cfg.Decrypt(targetDecrypter)
	if err != nil {
		return fmt.Errorf("failed to decrypt config: %w", err)
	}
	secure := map[string]bool{}
	for _, k := range cfg.SecureKeys() {
		secure[k.String()] = true
		r.SecureKeys = append(r.SecureKeys, k.String())
	}
	sort.Strings(r.SecureKeys)
	for k, v := range decrypted {
		if !secure[k.String()] {
			r.Config[k.String()] = v
		}
	}
	return nil
}

// relative names a file from the project folder (the working directory), POSIX style.
func relative(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(rel)
}
