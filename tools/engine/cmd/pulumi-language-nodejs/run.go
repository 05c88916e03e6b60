package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Run executes the Pulumi program with the nodejs runtime of the program's @pulumi/pulumi.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	fail := func(err error) (*pulumirpc.RunResponse, error) {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fail(fmt.Errorf("could not find node on the $PATH: %w", err))
	}
	info := req.GetInfo()
	programDir, entryPoint, rootDir := req.GetPwd(), req.GetProgram(), ""
	if info != nil {
		programDir, entryPoint, rootDir = info.ProgramDirectory, info.EntryPoint, info.RootDirectory
	}
	if entryPoint == "" {
		entryPoint = "."
	}
	opts, err := parseOptions(info)
	if err != nil {
		return fail(err)
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = runModule
	}
	if runPath, err = resolveModule(nodeBin, programDir, runPath); err != nil {
		return fail(err)
	}

	// The engine's config keys are "<namespace>:<name>"; the nodejs runtime
	// (like the real host) is handed "<namespace>:config:<name>".
	cfg := make(map[string]string, len(req.GetConfig()))
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return fail(err)
		}
		cfg[key.Namespace()+":config:"+key.Name()] = v
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return fail(err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return fail(err)
	}

	args := append([]string{}, opts.nodeArgs...)
	args = append(args, runPath)
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.engineAddress)
	flagArg("organization", req.GetOrganization())
	flagArg("project", req.GetProject())
	flagArg("root-directory", rootDir)
	flagArg("stack", req.GetStack())
	flagArg("pwd", programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagArg("parallel", strconv.Itoa(int(req.GetParallel())))
	flagArg("tracing", h.tracing)
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	env := append(os.Environ(), "PULUMI_CONFIG="+string(cfgJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	env = append(env, opts.env()...)

	cmdCtx, cmdCancel := context.WithCancel(h.cancelCtx)
	defer cmdCancel()
	context.AfterFunc(ctx, cmdCancel)
	cmd := exec.CommandContext(cmdCtx, nodeBin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = env
	// Wrap the writers so node never gets our own file descriptors (it may
	// switch them to non-blocking mode).
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	logging.V(5).Infof("stand-in nodejs host running: %s", cmd)

	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ee.ExitCode() == userActionableRC {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return fail(fmt.Errorf("Program exited with non-zero exit code: %d", ee.ExitCode()))
		}
		return fail(fmt.Errorf("Problem executing program (could not run node): %w", err))
	}
	return &pulumirpc.RunResponse{}, nil
}
