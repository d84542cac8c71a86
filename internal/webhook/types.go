package webhook

import "slices"

// smileTypes are Smile's webhook event types (RefWebhookEventType): a
// webhook may subscribe to any of them, whether talaan sends it or not.
var smileTypes = []string{
	"USER_CREATED", "ACCOUNT_CREATED", "ACCOUNT_CONNECTED", "ACCOUNT_DISCONNECTED", "ACCOUNT_FAILED",
	"TASK_STARTED", "TASK_FINISHED", "ACCOUNT_SYNC_TASK_FINISHED",
	"ARCHIVE_STARTED", "ARCHIVE_ANALYZED", "ARCHIVE_REVOKED", "ARCHIVE_FAILED",
	"INVITE_INVITED", "INVITE_LINKED", "IDENTITY_ADDED", "RATING_ADDED", "TRANSACTIONS_ADDED",
	"DOCUMENTS_ADDED", "DOCUMENTS_UPDATED", "EMPLOYMENTS_ADDED", "EMPLOYMENTS_UPDATED",
	"INCOMES_ADDED", "INCOMES_UPDATED", "CONTRIBUTIONS_ADDED", "CONTRIBUTIONS_UPDATED",
	"EINCOMES_ADDED", "EINCOMES_UPDATED", "LIABILITIES_ADDED", "LIABILITIES_UPDATED",
	"INSIGHT_ADDED", "LINK_ADDED", "VERIFICATION_STARTED", "VERIFICATION_COMPLETED",
	"RECORD_CREATED", "RECORD_COMPLETED", "USER_SESSION_COMPLETED", "USER_SESSION_RESET", AllEvents,
}

// talaanTypes are talaan's own event types: an upload's steps under its own
// name. They go only to webhooks that name them, never to ALL_EVENTS, so a
// Smile client only ever receives Smile's types.
var talaanTypes = []string{"UPLOAD_STARTED", "UPLOAD_ANALYZED", "UPLOAD_FAILED", "UPLOAD_REVOKED"}

// AllEvents subscribes a webhook to every Smile event type.
const AllEvents = "ALL_EVENTS"

// Subscribable reports whether a webhook may subscribe to t: one of
// Smile's types or one of talaan's own.
func Subscribable(t string) bool {
	return slices.Contains(smileTypes, t) || slices.Contains(talaanTypes, t)
}

// TalaanTypes are talaan's own event types (for its OpenAPI document).
func TalaanTypes() []string { return slices.Clone(talaanTypes) }

// TalaanOnly reports whether t is one of talaan's own event types.
func TalaanOnly(t string) bool { return slices.Contains(talaanTypes, t) }

// Wants reports whether a webhook subscribed to types gets an event of
// type t: it names t, or it named ALL_EVENTS and t is Smile's.
func Wants(types []string, t string) bool {
	return slices.Contains(types, t) || (!TalaanOnly(t) && slices.Contains(types, AllEvents))
}
