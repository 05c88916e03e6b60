// Command pulumi-resource-azuread serves pulumi-azuread's provider
// (tfbridge) without the generated, embedded schema of the upstream main
// package: build.sh puts the schema.json that ships in the provider module
// next to this binary, and it is read from there at start-up.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	azuread "github.com/pulumi/pulumi-azuread/provider/v6"
	"github.com/pulumi/pulumi-azuread/provider/v6/pkg/version"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
)

func main() {
	path := os.Getenv("ENTRA_AZUREAD_SCHEMA")
	if path == "" {
		exe, err := os.Executable()
		if err == nil {
			exe, err = filepath.EvalSymlinks(exe)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		path = filepath.Join(filepath.Dir(exe), "pulumi-resource-azuread.schema.json")
	}
	schema, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-azuread: reading schema: %v\n", err)
		os.Exit(1)
	}
	tfbridge.Main("azuread", version.Version, azuread.Provider(), schema)
}
