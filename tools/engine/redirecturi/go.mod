// The provider's redirect URI check on Go's own url.Parse, to prove its TypeScript model
// (program/config/providerUriRules.ts, goUrlParse.ts) against it. Run with the provider's Go:
// GOTOOLCHAIN=go1.25.5 (terraform-provider-azuread v3.8.0's .go-version). See main.go.
module entra-graph-apps/redirecturi

go 1.25.5
