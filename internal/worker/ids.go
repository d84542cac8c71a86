package worker

import "talaan/internal/ids"

func newAttemptID() string { return ids.New(ids.Attempt) }
