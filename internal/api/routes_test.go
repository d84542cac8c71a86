package api_test

import (
	"slices"
	"testing"
)

// Every route the server has is in openapi.yaml, and every operation in
// openapi.yaml is served.
func TestRoutesMatchTheSpec(t *testing.T) {
	e := setup(t, options{noWorkers: true})
	served := e.server.Patterns()
	slices.Sort(served)
	documented := e.spec.Operations()
	for _, p := range served {
		if !slices.Contains(documented, p) {
			t.Errorf("route %s is not in openapi.yaml", p)
		}
	}
	for _, op := range documented {
		if !slices.Contains(served, op) {
			t.Errorf("openapi.yaml documents %s, which the server does not serve", op)
		}
	}
	r := e.getJSON("/v1/openapi.yaml", nil)
	if r.status != 200 || len(r.raw) < 1000 {
		t.Fatalf("GET /v1/openapi.yaml: %d, %d bytes", r.status, len(r.raw))
	}
}
