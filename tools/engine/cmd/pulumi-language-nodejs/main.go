// Command pulumi-language-nodejs is this project's small stand-in for Pulumi's
// nodejs language host.
//
// Why a stand-in: at v3.248.0 the real host lives in its own Go module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), which
// has no tags and is not served by the Go module proxy this project can reach
// (it answers 403). Everything else — the engine, the gRPC protocol, the
// nodejs runtime — is the real thing: this host only starts the scripts that
// ship in the project's own node_modules/@pulumi/pulumi:
//
//   - Run:       node <@pulumi/pulumi/cmd/run> --monitor … --engine … <entry point>
//   - RunPlugin: node <@pulumi/pulumi/cmd/run-policy-pack> … <policy pack dir>
//     (policy packs, kind "analyzer") or <@pulumi/pulumi/cmd/run-plugin>.
//
// What it leaves out compared with the real host: dependency installation
// (InstallDependencies does nothing: node_modules must already be there),
// required-plugin discovery (GetRequiredPackages answers "none", so the engine
// loads provider plugins lazily, from $PATH or the plugin cache, when the
// program registers a resource), code generation, debugging, bun, and the
// synchronous-invoke pipes (--sync).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"google.golang.org/grpc"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	runModule        = "@pulumi/pulumi/cmd/run"
	runPluginModule  = "@pulumi/pulumi/cmd/run-plugin"
	runPolicyModule  = "@pulumi/pulumi/cmd/run-policy-pack"
	userActionableRC = 32 // the nodejs runtime already printed a helpful message
)

func main() {
	var tracing string
	flag.StringVar(&tracing, "tracing", "", "Zipkin-compatible tracing endpoint (passed on to node)")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	logging.InitLogging(false, 0, false)

	var engineAddress string
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	cancelServe := make(chan bool)
	go func() {
		<-ctx.Done()
		stop()
		close(cancelServe)
	}()

	if engineAddress != "" {
		// Exit when the engine goes away.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check: %w", err))
		}
	}

	cancelCtx, cancel := context.WithCancel(context.Background())
	h := &host{engineAddress: engineAddress, tracing: tracing, cancelCtx: cancelCtx, cancel: cancel}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelServe,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}
	// The engine reads the port from our first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}
