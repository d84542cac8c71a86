package webhook

import "testing"

// A Smile client subscribed to ALL_EVENTS only ever gets Smile's types;
// talaan's own go to webhooks that name them. Every Smile type may be
// subscribed to, whether talaan sends it or not.
func TestWhoGetsWhichEvent(t *testing.T) {
	cases := []struct {
		types []string
		event string
		want  bool
	}{
		{[]string{AllEvents}, "ARCHIVE_ANALYZED", true},
		{[]string{AllEvents}, "UPLOAD_ANALYZED", false},
		{[]string{"UPLOAD_ANALYZED"}, "UPLOAD_ANALYZED", true},
		{[]string{AllEvents, "UPLOAD_STARTED"}, "UPLOAD_STARTED", true},
		{[]string{"ARCHIVE_FAILED"}, "ARCHIVE_ANALYZED", false},
	}
	for _, c := range cases {
		if got := Wants(c.types, c.event); got != c.want {
			t.Errorf("Wants(%v, %s) = %v", c.types, c.event, got)
		}
	}
	for _, ty := range []string{"USER_CREATED", "ACCOUNT_CONNECTED", "IDENTITY_ADDED", "UPLOAD_REVOKED", AllEvents} {
		if !Subscribable(ty) {
			t.Errorf("%s cannot be subscribed to", ty)
		}
	}
	if Subscribable("BOGUS") || Subscribable("archive_started") {
		t.Error("an unknown type can be subscribed to")
	}
}
