package journal

import (
	"strconv"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

func openTemp(t *testing.T) (*Journal, string) {
	t.Helper()
	path := storeFor(t).open(t)
	j, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { j.Close() })
	return j, path
}

func reopen(t *testing.T, path string) *Journal {
	t.Helper()
	j, err := Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { j.Close() })
	return j
}

var alice = backend.Actor{Name: "alice", Fingerprint: "SHA256:abcdef", Role: backend.RoleModerator}

func muteReq(users ...string) backend.ActionRequest {
	return backend.ActionRequest{App: "live", Room: "room-1", Kind: backend.ActMute, Users: users,
		Duration: 10 * time.Minute, Reason: "spam", Actor: alice}
}

var mutePlan = &backend.Plan{Call: "forbid_send_msg", BatchSize: 500, PerSecond: 20, Params: "MuteTime 600"}

func itoa(i int) string { return strconv.Itoa(i) }

func applied(users ...string) []backend.UserOutcome {
	out := make([]backend.UserOutcome, len(users))
	for i, u := range users {
		out[i] = backend.UserOutcome{User: u, Status: backend.Applied, RequestID: "req-" + u, Attempts: 1}
	}
	return out
}

func users(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

func mustBegin(t *testing.T, j *Journal, req backend.ActionRequest) string {
	t.Helper()
	id, err := j.Begin(req, mutePlan)
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	return id
}

func queryOne(t *testing.T, j *Journal, id string) backend.Activity {
	t.Helper()
	acts, err := j.Query(Filter{})
	if err != nil {
		t.Fatalf("Query: %v", err)
	}
	for _, a := range acts {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("action %s not found among %d", id, len(acts))
	return backend.Activity{}
}
