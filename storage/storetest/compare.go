package storetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"
)

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// diff compares two values of the storage types the way a backend may
// legitimately differ: times by instant, raw JSON by content (whitespace
// and key order do not count), nil and empty slices and maps alike. It
// returns one line per difference.
func diff(path string, got, want reflect.Value) []string {
	if !got.IsValid() || !want.IsValid() {
		if got.IsValid() != want.IsValid() {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
		}
		return nil
	}
	switch {
	case got.Type() == timeType:
		g, w := got.Interface().(time.Time), want.Interface().(time.Time)
		if !g.Equal(w) {
			return []string{fmt.Sprintf("%s: got %s, want %s", path, g.UTC().Format(time.RFC3339Nano), w.UTC().Format(time.RFC3339Nano))}
		}
		return nil
	case got.Type() == rawType:
		g, w := got.Bytes(), want.Bytes()
		if !jsonEqual(g, w) {
			return []string{fmt.Sprintf("%s: got %s, want %s", path, g, w)}
		}
		return nil
	}
	switch got.Kind() {
	case reflect.Pointer:
		if got.IsNil() || want.IsNil() {
			if got.IsNil() != want.IsNil() {
				return []string{fmt.Sprintf("%s: got %s, want %s", path, show(got), show(want))}
			}
			return nil
		}
		return diff(path, got.Elem(), want.Elem())
	case reflect.Struct:
		var out []string
		for i := range got.NumField() {
			if !got.Type().Field(i).IsExported() {
				continue
			}
			out = append(out, diff(path+"."+got.Type().Field(i).Name, got.Field(i), want.Field(i))...)
		}
		return out
	case reflect.Slice:
		if got.Type().Elem().Kind() == reflect.Uint8 {
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				return []string{fmt.Sprintf("%s: got %x, want %x", path, got.Bytes(), want.Bytes())}
			}
			return nil
		}
		if got.Len() != want.Len() {
			return []string{fmt.Sprintf("%s: got %d items, want %d", path, got.Len(), want.Len())}
		}
		var out []string
		for i := range got.Len() {
			out = append(out, diff(fmt.Sprintf("%s[%d]", path, i), got.Index(i), want.Index(i))...)
		}
		return out
	case reflect.Map:
		if got.Len() != want.Len() {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got.Interface(), want.Interface())}
		}
		var out []string
		for _, k := range want.MapKeys() {
			gv := got.MapIndex(k)
			if !gv.IsValid() {
				out = append(out, fmt.Sprintf("%s[%v]: missing", path, k))
				continue
			}
			out = append(out, diff(fmt.Sprintf("%s[%v]", path, k), gv, want.MapIndex(k))...)
		}
		return out
	}
	if !reflect.DeepEqual(got.Interface(), want.Interface()) {
		return []string{fmt.Sprintf("%s: got %#v, want %#v", path, got.Interface(), want.Interface())}
	}
	return nil
}

func show(v reflect.Value) string {
	if v.IsNil() {
		return "nil"
	}
	return fmt.Sprintf("%v", v.Elem().Interface())
}

func jsonEqual(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
}

// same fails the test when got and want differ.
func same[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if d := diff(what, reflect.ValueOf(got), reflect.ValueOf(want)); len(d) > 0 {
		for _, line := range d {
			t.Error(line)
		}
	}
}
