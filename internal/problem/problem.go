// Package problem is the errors a person may read: a kind (what went
// wrong, for the caller to answer with: a status, a form's message) and a
// message in plain words. Every other error is the service's own: its chain
// goes to the log, and the person is told only that something went wrong.
//
// The application layer (internal/review) returns these, and the API its
// own; the HTTP API and the console each map a kind once (Public).
package problem

import (
	"errors"
	"fmt"

	"talaan/storage"
)

// Kind is what a person did wrong, or what is not there.
type Kind int

const (
	// Internal is not a problem of the person's: the message is generic.
	Internal Kind = iota
	// Invalid is a request or value that cannot be taken as it is.
	Invalid
	// NotFound is a resource the caller has none of.
	NotFound
	// Forbidden is a request the caller's credential may not make.
	Forbidden
	// Conflict is a request the resource's state no longer allows (an
	// archive another reviewer published first).
	Conflict
)

// Error is a problem a person may read about: Field names the value it is
// about ("archiveId", "data.netAmount"), when one is, and Message says what
// is wrong with it. Err, when set, is the cause the log gets; it is never
// shown.
type Error struct {
	Kind    Kind
	Field   string
	Message string
	Err     error
}

// Text is what the person reads: "field: message", or the message.
func (e *Error) Text() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Text() + ": " + e.Err.Error()
	}
	return e.Text()
}

func (e *Error) Unwrap() error { return e.Err }

// Invalidf is an Invalid problem with a formatted message.
func Invalidf(format string, a ...any) error {
	return &Error{Kind: Invalid, Message: fmt.Sprintf(format, a...)}
}

// FieldInvalidf is an Invalid problem with the value named field.
func FieldInvalidf(field, format string, a ...any) error {
	return &Error{Kind: Invalid, Field: field, Message: fmt.Sprintf(format, a...)}
}

// Unreadable is an Invalid problem whose cause (a parser's error) goes to
// the log only.
func Unreadable(cause error, format string, a ...any) error {
	return &Error{Kind: Invalid, Message: fmt.Sprintf(format, a...), Err: cause}
}

// NotFoundf is a NotFound problem naming what is missing: `archive "x" was
// not found`.
func NotFoundf(what, id string) error {
	return &Error{Kind: NotFound, Message: fmt.Sprintf("%s %q was not found", what, id)}
}

// OrNotFound turns the store's ErrNotFound into a NotFound problem naming
// what and id, and passes any other error on.
func OrNotFound(err error, what, id string) error {
	if errors.Is(err, storage.ErrNotFound) {
		return NotFoundf(what, id)
	}
	return err
}

// IsNotFound reports whether err is the store's ErrNotFound or a NotFound
// problem.
func IsNotFound(err error) bool {
	var pe *Error
	return errors.Is(err, storage.ErrNotFound) || (errors.As(err, &pe) && pe.Kind == NotFound)
}

// Public is what a person may be told of err: its kind and message, a
// generic not-found for the store's ErrNotFound, or Internal with a generic
// message (the caller logs err itself).
func Public(err error) (Kind, string) {
	var pe *Error
	switch {
	case errors.As(err, &pe):
		return pe.Kind, pe.Text()
	case errors.Is(err, storage.ErrNotFound):
		return NotFound, "The resource was not found."
	}
	return Internal, "Something went wrong on our side."
}
