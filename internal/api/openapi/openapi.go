// Package openapi holds talaan's OpenAPI document, a Smile API v1 compatible subset plus
// talaan's additions, served at GET /v1/openapi.yaml. Its tests, and the validator the
// service's end-to-end tests check every exchange with (package openapitest), read it
// with kin-openapi; the service itself only serves the bytes.
//
// openapi.yaml is generated: edit tools/cmd/openapigen/additions.yaml and run
// "go run ./tools/cmd/openapigen" from the repository root.
package openapi

import (
	_ "embed"
	"slices"
)

//go:embed openapi.yaml
var spec []byte

// Spec returns the OpenAPI document, served at GET /v1/openapi.yaml.
func Spec() []byte { return slices.Clone(spec) }
