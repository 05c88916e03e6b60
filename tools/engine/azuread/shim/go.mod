// Stand-in for the local "shim" module that pulumi-azuread's provider/go.mod
// replaces: it must carry this module path so that it may import the
// upstream provider's internal/provider package.
module github.com/hashicorp/terraform-provider-azuread/shim

go 1.26

require (
	github.com/hashicorp/terraform-plugin-sdk/v2 v2.38.2
	// hashicorp/terraform-provider-azuread v3.8.0 (commit 38d1993a1ea6); the
	// module has no /v3 path, so it is only reachable as a pseudo-version.
	github.com/hashicorp/terraform-provider-azuread v1.6.1-0.20260219201236-38d1993a1ea6
)
