// The azuread resource provider, pinned to the versions the project's npm
// package @pulumi/azuread 6.9.1 was built from. Kept apart from ../go.mod so
// that the CLI and the language host still build while these modules cannot
// be had: the Go module proxy reachable here answers 403 for
// github.com/pulumi/pulumi-azuread/provider/v6 (every version),
// github.com/hashicorp/terraform-provider-azuread past v1.6.0, and
// github.com/pulumi/pulumi-terraform-bridge/v3 v3.130.0, so there is no go.sum.
// build.sh tries it and skips the provider, saying why, when it fails.
module entra-graph-apps/engine/azuread

go 1.26

require (
	github.com/hashicorp/terraform-provider-azuread/shim v0.0.0
	github.com/pulumi/pulumi-azuread/provider/v6 v6.9.1
	github.com/pulumi/pulumi-terraform-bridge/v3 v3.130.0
	github.com/pulumi/pulumi/pkg/v3 v3.248.0
	github.com/pulumi/pulumi/sdk/v3 v3.248.0
)

// The replace directives of github.com/pulumi/pulumi-azuread/provider/v6
// v6.9.1 (provider/go.mod), which Go ignores in a dependency, reproduced here.
// The shim is our own stand-in for the provider repository's local ./shim.
replace (
	github.com/hashicorp/terraform-plugin-sdk/v2 => github.com/pulumi/terraform-plugin-sdk/v2 v2.0.0-20260318212141-5525259d096b
	github.com/hashicorp/terraform-provider-azuread/shim => ./shim
	github.com/hashicorp/vault => github.com/hashicorp/vault v1.21.0
)

// From github.com/pulumi/pulumi/pkg/v3 v3.248.0's go.mod.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
