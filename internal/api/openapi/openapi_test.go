package openapi

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestSpecLoadsAndValidates(t *testing.T) {
	t.Parallel()
	if !bytes.Equal(Spec(), spec) || len(Spec()) == 0 {
		t.Fatal("Spec() does not return the embedded document")
	}
	doc, err := openapi3.NewLoader().LoadFromData(Spec())
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("validate (examples included): %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0.") {
		t.Errorf("openapi = %q, want 3.0.x", doc.OpenAPI)
	}
	if doc.Info.Title != "talaan API" {
		t.Errorf("info.title = %q", doc.Info.Title)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/v1" {
		t.Errorf("servers = %v, want [/v1]", doc.Servers)
	}
	for _, name := range []string{"basicAuth", "bearerAuth"} {
		if doc.Components.SecuritySchemes[name] == nil {
			t.Errorf("securitySchemes.%s missing", name)
		}
	}
	for _, name := range []string{"ArchiveStartedEvent", "ArchiveAnalyzedEvent", "ArchiveRevokedEvent", "ArchiveFailedEvent", "IncomesAddedEvent", "TaskFinishedEvent", "AuditEntry", "WebhookAttempt"} {
		if doc.Components.Schemas[name] == nil {
			t.Errorf("schema %s missing", name)
		}
	}
	if req := doc.Components.Schemas["ArchiveCreateRequest"].Value.Required; !slices.Equal(req, []string{"rawFiles"}) {
		t.Errorf("ArchiveCreateRequest.required = %v, want [rawFiles]", req)
	}
}

// smileDoc loads Smile's specification: the file named by SMILE_OPENAPI if set, else
// the subset of it that the generator copied into testdata.
func smileDoc(t *testing.T) *openapi3.T {
	t.Helper()
	path := os.Getenv("SMILE_OPENAPI")
	if path == "" {
		path = "testdata/smile-v1-subset.yaml"
	}
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// requiredFixes maps names Smile's required lists give but its schemas lack to the
// property meant: ArchiveCreateRequest requires "files" where the property is rawFiles.
// Other such names (TaskFinishedEventData's "data") are dropped.
var requiredFixes = map[string]string{"files": "rawFiles"}

// wantRequired is Smile's required list with its names that are not properties fixed or
// dropped.
func wantRequired(smile *openapi3.Schema) []string {
	props := properties(smile)
	var want []string
	for _, name := range allRequired(smile) {
		if _, ok := props[name]; ok {
			want = append(want, name)
		} else if fix, ok := props[requiredFixes[name]]; ok && fix != nil {
			want = append(want, requiredFixes[name])
		}
	}
	return sorted(want)
}

// TestSmileFieldsUnchanged checks that talaan only adds to Smile: every property of every
// Smile schema talaan copies is still there with the same type, format, nullability and
// enum values (new values may be added), and the same required list.
func TestSmileFieldsUnchanged(t *testing.T) {
	t.Parallel()
	smile := smileDoc(t)
	talaan, err := openapi3.NewLoader().LoadFromData(Spec())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Archive", "RawFile", "Upload", "Income", "IncomePayload", "User", "Token", "Webhook", "FileObject", "ObjectReferenceMetadata", "ArchivePayslipPredictionQueryResponseData"} {
		if talaan.Components.Schemas[name] == nil {
			t.Errorf("talaan has no schema %s", name)
		}
	}
	checked := 0
	for name, talaanRef := range talaan.Components.Schemas {
		smileRef := smile.Components.Schemas[name]
		if smileRef == nil {
			continue // talaan's own schema
		}
		checked++
		compareSchema(t, name, smileRef.Value, talaanRef.Value, map[[2]*openapi3.Schema]bool{})
	}
	if checked < 50 {
		t.Errorf("compared only %d schemas with Smile's", checked)
	}
}

func compareSchema(t *testing.T, at string, smile, talaan *openapi3.Schema, seen map[[2]*openapi3.Schema]bool) {
	t.Helper()
	if smile == nil || talaan == nil || seen[[2]*openapi3.Schema{smile, talaan}] {
		return
	}
	seen[[2]*openapi3.Schema{smile, talaan}] = true
	if s, g := types(smile), types(talaan); !slices.Equal(s, g) {
		t.Errorf("%s: type %v, Smile has %v", at, g, s)
	}
	if smile.Format != talaan.Format {
		t.Errorf("%s: format %q, Smile has %q", at, talaan.Format, smile.Format)
	}
	if smile.Nullable && !talaan.Nullable {
		t.Errorf("%s: not nullable, Smile's is", at)
	}
	for _, e := range smile.Enum {
		if !slices.Contains(talaan.Enum, e) {
			t.Errorf("%s: enum lacks Smile's %v", at, e)
		}
	}
	if want, got := wantRequired(smile), sorted(allRequired(talaan)); !slices.Equal(want, got) {
		t.Errorf("%s: required %v, want Smile's %v", at, got, want)
	}
	smileProps, talaanProps := properties(smile), properties(talaan)
	for prop, sp := range smileProps {
		tp, ok := talaanProps[prop]
		if !ok {
			t.Errorf("%s: property %s is missing", at, prop)
			continue
		}
		compareSchema(t, at+"."+prop, sp.Value, tp.Value, seen)
	}
	if smile.Items != nil {
		if talaan.Items == nil {
			t.Errorf("%s: items missing", at)
		} else {
			compareSchema(t, at+"[]", smile.Items.Value, talaan.Items.Value, seen)
		}
	}
	if s := smile.AdditionalProperties.Schema; s != nil {
		if g := talaan.AdditionalProperties.Schema; g == nil {
			t.Errorf("%s: additionalProperties schema missing", at)
		} else {
			compareSchema(t, at+"{}", s.Value, g.Value, seen)
		}
	}
}

func types(s *openapi3.Schema) []string {
	if s.Type == nil {
		return nil
	}
	return s.Type.Slice()
}

// properties merges a schema's own properties with those of its allOf parts.
func properties(s *openapi3.Schema) openapi3.Schemas {
	out := openapi3.Schemas{}
	for _, part := range s.AllOf {
		if part.Value != nil {
			for k, v := range properties(part.Value) {
				out[k] = v
			}
		}
	}
	for k, v := range s.Properties {
		out[k] = v
	}
	return out
}

func allRequired(s *openapi3.Schema) []string {
	req := slices.Clone(s.Required)
	for _, part := range s.AllOf {
		if part.Value != nil {
			req = append(req, allRequired(part.Value)...)
		}
	}
	return req
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// TestSmileOperationsUnchanged checks that every Smile operation talaan copies keeps
// Smile's parameters, request body schemas and response statuses and schemas.
func TestSmileOperationsUnchanged(t *testing.T) {
	t.Parallel()
	smile := smileDoc(t)
	talaan, err := openapi3.NewLoader().LoadFromData(Spec())
	if err != nil {
		t.Fatal(err)
	}
	copied := 0
	for path, smileItem := range smile.Paths.Map() {
		talaanItem := talaan.Paths.Value(path)
		for method, smileOp := range smileItem.Operations() {
			at := method + " " + path
			if talaanItem == nil || talaanItem.GetOperation(method) == nil {
				if os.Getenv("SMILE_OPENAPI") == "" { // the full file has operations talaan lacks
					t.Errorf("%s: missing", at)
				}
				continue
			}
			copied++
			op := talaanItem.GetOperation(method)
			params := func(item *openapi3.PathItem, op *openapi3.Operation) map[string]*openapi3.Parameter {
				m := map[string]*openapi3.Parameter{}
				for _, ps := range []openapi3.Parameters{item.Parameters, op.Parameters} {
					for _, p := range ps {
						m[p.Value.In+" "+p.Value.Name] = p.Value
					}
				}
				return m
			}
			talaanParams := params(talaanItem, op)
			for key, sp := range params(smileItem, smileOp) {
				tp := talaanParams[key]
				if tp == nil {
					t.Errorf("%s: parameter %s missing", at, key)
					continue
				}
				if tp.Required != sp.Required {
					t.Errorf("%s: parameter %s required=%v, Smile has %v", at, key, tp.Required, sp.Required)
				}
				compareSchema(t, at+" "+key, sp.Schema.Value, tp.Schema.Value, map[[2]*openapi3.Schema]bool{})
			}
			if rb := smileOp.RequestBody; rb != nil {
				for mt, c := range rb.Value.Content {
					tc := op.RequestBody.Value.Content.Get(mt)
					if tc == nil {
						t.Errorf("%s: request %s missing", at, mt)
						continue
					}
					if c.Schema.Ref != tc.Schema.Ref {
						t.Errorf("%s: request schema %s, Smile has %s", at, tc.Schema.Ref, c.Schema.Ref)
					}
				}
			}
			for status, sr := range smileOp.Responses.Map() {
				tr := op.Responses.Value(status)
				if tr == nil {
					t.Errorf("%s: response %s missing", at, status)
					continue
				}
				if sr.Ref != tr.Ref {
					t.Errorf("%s: response %s is %s, Smile has %s", at, status, tr.Ref, sr.Ref)
				}
				if sr.Value == nil || tr.Value == nil {
					continue
				}
				for mt, c := range sr.Value.Content {
					tc := tr.Value.Content.Get(mt)
					if tc == nil || c.Schema.Ref != tc.Schema.Ref {
						t.Errorf("%s: response %s %s changed", at, status, mt)
					}
				}
			}
		}
	}
	if copied < 21 {
		t.Errorf("compared %d Smile operations, want 21", copied)
	}
}

// TestAdditionsAreMarked checks the rule that every property talaan adds to a Smile
// schema, and every operation it adds, says "talaan addition:" first.
func TestAdditionsAreMarked(t *testing.T) {
	t.Parallel()
	smile := smileDoc(t)
	talaan, err := openapi3.NewLoader().LoadFromData(Spec())
	if err != nil {
		t.Fatal(err)
	}
	for name, ref := range talaan.Components.Schemas {
		sm := smile.Components.Schemas[name]
		if sm == nil {
			if !strings.HasPrefix(ref.Value.Description, "talaan addition:") {
				t.Errorf("schema %s: description %q", name, ref.Value.Description)
			}
			continue
		}
		checkMarked(t, name, sm.Value, ref.Value)
	}
	for path, item := range talaan.Paths.Map() {
		for method, op := range item.Operations() {
			if smile.Paths.Value(path) != nil && smile.Paths.Value(path).GetOperation(method) != nil {
				continue
			}
			if !strings.HasPrefix(op.Description, "talaan addition:") {
				t.Errorf("%s %s: description %q", method, path, op.Description)
			}
		}
	}
}

// checkMarked checks the properties talaan added to a Smile schema, and to the inline
// objects within it; referenced schemas are checked on their own.
func checkMarked(t *testing.T, at string, smile, talaan *openapi3.Schema) {
	t.Helper()
	smileProps := properties(smile)
	for prop, p := range properties(talaan) {
		if p.Ref != "" {
			continue
		}
		sp, ok := smileProps[prop]
		switch {
		case !ok:
			if !strings.HasPrefix(p.Value.Description, "talaan addition:") {
				t.Errorf("%s.%s: description %q", at, prop, p.Value.Description)
			}
		case sp.Ref == "":
			checkMarked(t, at+"."+prop, sp.Value, p.Value)
		}
	}
}
