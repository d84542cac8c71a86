package openapitest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// SmileSpecPath is Smile's own OpenAPI file, unchanged, beside the module
// (../shared/reference/smile-openapi/openapi-v1.yaml).
func SmileSpecPath() string {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "..", "..")
	return filepath.Join(root, "..", "shared", "reference", "smile-openapi", "openapi-v1.yaml")
}

// Smile checks webhook events against Smile's own schemas, as a client
// generated from Smile's file would read them.
type Smile struct {
	doc *openapi3.T
}

var smileLoaded = sync.OnceValues(func() (*Smile, error) {
	raw, err := os.ReadFile(SmileSpecPath())
	if err != nil {
		return nil, fmt.Errorf("read Smile's spec: %w", err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("load Smile's spec: %w", err)
	}
	return &Smile{doc: doc}, nil
})

// NewSmile loads Smile's spec (once).
func NewSmile() (*Smile, error) { return smileLoaded() }

// EventSchema is the name of Smile's schema of an event type:
// ARCHIVE_FAILED is ArchiveFailedEvent.
func EventSchema(eventType string) string {
	var b strings.Builder
	for _, w := range strings.Split(strings.ToLower(eventType), "_") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String() + "Event"
}

// IsEventType reports whether t is one of Smile's RefWebhookEventType
// values.
func (s *Smile) IsEventType(t string) bool {
	ref := s.doc.Components.Schemas["RefWebhookEventType"]
	if ref == nil || ref.Value == nil {
		return false
	}
	for _, v := range ref.Value.Enum {
		if v == t {
			return true
		}
	}
	return false
}

// EventTypes are Smile's RefWebhookEventType values.
func (s *Smile) EventTypes() []string {
	var out []string
	if ref := s.doc.Components.Schemas["RefWebhookEventType"]; ref != nil && ref.Value != nil {
		for _, v := range ref.Value.Enum {
			out = append(out, fmt.Sprint(v))
		}
	}
	return out
}

// CheckEvent checks one delivered body: its type must be one of Smile's
// event types, and the body must satisfy that type's schema.
func (s *Smile) CheckEvent(body []byte) error {
	var env struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("event is not JSON: %w", err)
	}
	if !s.IsEventType(env.Type) {
		return fmt.Errorf("%q is not one of Smile's event types", env.Type)
	}
	name := EventSchema(env.Type)
	ref := s.doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("Smile's spec has no schema %s for %s", name, env.Type)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	if err := ref.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		var me openapi3.MultiError
		if errors.As(err, &me) {
			return fmt.Errorf("%s does not match Smile's %s: %s", env.Type, name, list(me))
		}
		return fmt.Errorf("%s does not match Smile's %s: %s", env.Type, name, errorText(err))
	}
	return nil
}
