package journal

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
)

func sampleActivities() []backend.Activity {
	start := time.Date(2025, 7, 1, 9, 30, 0, 0, time.UTC)
	return []backend.Activity{
		{ID: "20250701-093000-aa", Actor: alice, Started: start, Finished: start.Add(2 * time.Second),
			App: "live", Room: "room-1", Kind: backend.ActMute, Call: "forbid_send_msg", Params: "MuteTime 600",
			Users: []string{"u1", "u2", "u3"}, Status: "finished", Applied: 1, Failed: 1, Pending: 1,
			Outcomes: []backend.UserOutcome{
				{User: "u1", Status: backend.Applied, RequestID: "r-1"},
				{User: "u2", Status: backend.Failed, RequestID: "r-2", Err: &backend.VendorError{Code: "10004", Message: "bad \x1b]0;pwned\x07user"}},
			}},
		{ID: "20250701-093100-bb", Actor: backend.Actor{Name: "m\x1b[31mallory", Role: backend.RoleAdmin}, Started: start.Add(time.Minute),
			App: "zim", Room: "房间\u202e-evil", Kind: backend.ActDismiss, Call: "DismissGroup", Status: "running"},
		{ID: "20250701-093200-cc", Actor: alice, Started: start.Add(2 * time.Minute),
			App: "live", Room: "r", Kind: backend.ActKick, Users: []string{"=cmd|' /C calc'!A0"}, Status: "interrupted", Pending: 1},
	}
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sampleActivities(), "table"); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.ContainsAny(out, "\x1b\x07\u202e") {
		t.Fatalf("escape or bidi control in table output:\n%q", out)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	// Every column starts at the same display column on every line.
	header := lines[0]
	for _, col := range []string{"ACTOR", "ROOM", "STATUS", "PENDING"} {
		at := textsafe.Width(header[:strings.Index(header, col)])
		for _, l := range lines[1:] {
			prefix := []rune(l)
			w := 0
			i := 0
			for ; i < len(prefix) && w < at; i++ {
				w += textsafe.Width(string(prefix[i]))
			}
			if w != at || (i > 0 && prefix[i-1] != ' ') {
				t.Errorf("column %s misaligned in %q", col, l)
			}
		}
	}
	for _, want := range []string{"finished", "MuteTime 600", "m␛allory", "房间-evil", "interrupted"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sampleActivities(), "json"); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if len(got) != 3 {
		t.Fatalf("%d objects", len(got))
	}
	var keys []string
	for k := range got[0] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"action", "actor", "app", "applied", "call", "failed", "fingerprint", "finished_at", "host", "id", "params",
		"pending", "results", "room", "started_at", "status", "unknown"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys %v\nwant %v", keys, want)
	}
	first := got[0]
	if first["started_at"] != "2025-07-01T09:30:00Z" || first["action"] != "mute" || first["applied"] != 1.0 {
		t.Errorf("first: %v", first)
	}
	res := first["results"].([]any)
	if len(res) != 3 {
		t.Fatalf("results %v", res)
	}
	r2 := res[1].(map[string]any)
	if r2["user"] != "u2" || r2["status"] != "failed" || r2["code"] != "10004" || r2["request_id"] != "r-2" ||
		r2["message"] != "bad \x1b]0;pwned\x07user" {
		t.Errorf("result 2: %v", r2)
	}
	if res[2].(map[string]any)["status"] != "pending" {
		t.Errorf("unconfirmed user: %v", res[2])
	}
	if got[1]["fingerprint"] != "" {
		t.Errorf("fingerprint of a local actor: %v", got[1]["fingerprint"])
	}
	if got[1]["finished_at"] != nil || len(got[1]["results"].([]any)) != 0 {
		t.Errorf("running room action: %v", got[1])
	}
	if strings.Contains(b.String(), "\x1b") {
		t.Error("raw escape in JSON output")
	}
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sampleActivities(), "csv"); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// header + 3 users + 1 row for the room action + 1 user
	if len(recs) != 6 {
		t.Fatalf("%d records: %v", len(recs), recs)
	}
	h := recs[0]
	col := func(name string) int { return slices.Index(h, name) }
	for _, name := range []string{"id", "started_at", "actor", "app", "room", "action", "user", "status", "code", "message", "request_id"} {
		if col(name) < 0 {
			t.Fatalf("header lacks %s: %v", name, h)
		}
	}
	for _, tc := range []struct {
		row                int
		user, status, code string
	}{
		{1, "u1", "applied", ""},
		{2, "u2", "failed", "10004"},
		{3, "u3", "pending", ""},
		{4, "", "", ""},
		{5, "'=cmd|' /C calc'!A0", "pending", ""},
	} {
		r := recs[tc.row]
		if r[col("user")] != tc.user || r[col("status")] != tc.status || r[col("code")] != tc.code {
			t.Errorf("row %d: %v", tc.row, r)
		}
	}
	if strings.ContainsAny(b.String(), "\x1b\x07") {
		t.Error("escape in CSV output")
	}
	if recs[2][col("request_id")] != "r-2" || recs[4][col("action")] != "dismiss" {
		t.Errorf("rows %v %v", recs[2], recs[4])
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, nil, "xml"); err == nil || !strings.Contains(err.Error(), "table, json or csv") {
		t.Errorf("got %v", err)
	}
}

func TestExportFromJournal(t *testing.T) { forStores(t, testExportFromJournal) }

func testExportFromJournal(t *testing.T) {
	j, _ := openTemp(t)
	id := mustBegin(t, j, muteReq("a", "b"))
	j.Record(id, applied("a"))
	var b bytes.Buffer
	acts, _ := j.Query(Filter{})
	if err := Write(&b, acts, "csv"); err != nil {
		t.Fatal(err)
	}
	recs, _ := csv.NewReader(&b).ReadAll()
	if len(recs) != 3 || recs[1][11] != "a" || recs[1][12] != "applied" || recs[2][12] != "pending" {
		t.Errorf("%v", recs)
	}
}

// The export cuts a cell where the CLI's lists do (textsafe.MaxCell), not
// at a limit of its own.
func TestWriteTableCutsCellsLikeTheCLI(t *testing.T) {
	acts := []backend.Activity{{ID: "id-1", Actor: alice, App: "live", Room: strings.Repeat("r", 200), Kind: backend.ActKick, Status: "finished"}}
	var b bytes.Buffer
	if err := Write(&b, acts, "table"); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "r…"); n != 1 || strings.Count(b.String(), "r") < textsafe.MaxCell-1 ||
		strings.Contains(b.String(), strings.Repeat("r", textsafe.MaxCell)) {
		t.Errorf("room not cut to %d runes:\n%s", textsafe.MaxCell, b.String())
	}
}
