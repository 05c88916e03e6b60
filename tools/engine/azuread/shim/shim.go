// Package shim exposes the upstream Terraform provider to the Pulumi bridge
// (pulumi-azuread's resources.go calls shim.NewProvider()).
package shim

import (
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/hashicorp/terraform-provider-azuread/internal/provider"
)

// NewProvider returns hashicorp/terraform-provider-azuread's provider.
func NewProvider() *schema.Provider { return provider.AzureADProvider() }
