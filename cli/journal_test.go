package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/journal"
)

// TestMain points the default journal of every test in this package at a
// temporary directory: commands that open the journal without --journal
// must never write to the real ~/.local/state.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "quell-cli-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_STATE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runQuell runs quell in-process with no config file needed.
func runQuell(t *testing.T, args ...string) cmdResult {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return cmdResult{out: out.String(), err: errb.String(), code: code}
}

var (
	alice = backend.Actor{Name: "alice", Fingerprint: "SHA256:alicekey", Role: backend.RoleModerator}
	bob   = backend.Actor{Name: "bob", Fingerprint: "SHA256:bobkey", Role: backend.RoleAdmin}
)

// seedJournal writes three finished actions and returns the journal's path:
// alice mutes u1,u2 in live/r1 (u2 fails); bob kicks u3 in live/r2; alice
// blocks u1 in other/r1.
func seedJournal(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journal.db")
	j, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	add := func(req backend.ActionRequest, call string, outs ...backend.UserOutcome) {
		id, err := j.Begin(req, &backend.Plan{Call: call, Params: "p"})
		if err != nil {
			t.Fatal(err)
		}
		if err := j.Finish(id, &backend.Result{Outcomes: outs}); err != nil {
			t.Fatal(err)
		}
	}
	ok := func(u string) backend.UserOutcome {
		return backend.UserOutcome{User: u, Status: backend.Applied, RequestID: "req-" + u}
	}
	add(backend.ActionRequest{App: "live", Room: "r1", Kind: backend.ActMute, Users: []string{"u1", "u2"},
		Duration: 10 * time.Minute, Actor: alice}, "mute_member", ok("u1"),
		backend.UserOutcome{User: "u2", Status: backend.Failed,
			Err: &backend.VendorError{Code: "10007", Message: "=HYPERLINK(\"x\")", RequestID: "req-u2"}})
	add(backend.ActionRequest{App: "live", Room: "r2", Kind: backend.ActKick, Users: []string{"u3"}, Actor: bob},
		"kick", ok("u3"))
	add(backend.ActionRequest{App: "other", Room: "r1", Kind: backend.ActBlock, Users: []string{"u1"}, Actor: alice},
		"SetUserBlocked", ok("u1"))
	return path
}

type journalRow struct {
	ID      string `json:"id"`
	Actor   string `json:"actor"`
	App     string `json:"app"`
	Room    string `json:"room"`
	Action  string `json:"action"`
	Status  string `json:"status"`
	Applied int    `json:"applied"`
	Failed  int    `json:"failed"`
	Results []struct {
		User   string `json:"user"`
		Status string `json:"status"`
	} `json:"results"`
}

func journalJSON(t *testing.T, path string, args ...string) []journalRow {
	t.Helper()
	r := runQuell(t, append([]string{"--journal", path, "journal", "-o", "json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("journal %v: exit %d: %s", args, r.code, r.err)
	}
	var rows []journalRow
	if err := json.Unmarshal([]byte(r.out), &rows); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, r.out)
	}
	return rows
}

func summary(rows []journalRow) string {
	var s []string
	for _, r := range rows {
		users := []string{}
		for _, res := range r.Results {
			users = append(users, res.User+"="+res.Status)
		}
		s = append(s, fmt.Sprintf("%s:%s:%s/%s:%s", r.Actor, r.Action, r.App, r.Room, strings.Join(users, ",")))
	}
	return strings.Join(s, " ")
}

func TestJournalFilters(t *testing.T) {
	path := seedJournal(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"everything, oldest first", nil,
			"alice:mute:live/r1:u1=applied,u2=failed bob:kick:live/r2:u3=applied alice:block:other/r1:u1=applied"},
		{"app", []string{"--app", "live"}, "alice:mute:live/r1:u1=applied,u2=failed bob:kick:live/r2:u3=applied"},
		{"room across apps", []string{"--room", "r1"}, "alice:mute:live/r1:u1=applied,u2=failed alice:block:other/r1:u1=applied"},
		{"app and room", []string{"--app", "live", "--room", "r1"}, "alice:mute:live/r1:u1=applied,u2=failed"},
		{"user narrows the outcomes", []string{"--user", "u1"}, "alice:mute:live/r1:u1=applied alice:block:other/r1:u1=applied"},
		{"actor", []string{"--actor", "bob"}, "bob:kick:live/r2:u3=applied"},
		{"since a span", []string{"--since", "1h"},
			"alice:mute:live/r1:u1=applied,u2=failed bob:kick:live/r2:u3=applied alice:block:other/r1:u1=applied"},
		{"since a date to come", []string{"--since", time.Now().Add(48 * time.Hour).Format("2006-01-02")}, ""},
		{"no match", []string{"--actor", "carol"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := summary(journalJSON(t, path, tc.args...)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestJournalSinceParsing(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
		bad  bool
	}{
		{"24h", now.Add(-24 * time.Hour), false},
		{"7d", now.Add(-7 * 24 * time.Hour), false},
		{"90m", now.Add(-90 * time.Minute), false},
		{"2026-11-20T08:00:00Z", time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC), false},
		{"forever", time.Time{}, true},
		{"yesterday", time.Time{}, true},
		{"-5m", time.Time{}, true},
	} {
		f, err := journalFlags{since: tc.in}.filter(now)
		switch {
		case tc.bad && err == nil:
			t.Errorf("%q: accepted as %v", tc.in, f.Since)
		case !tc.bad && err != nil:
			t.Errorf("%q: %v", tc.in, err)
		case !tc.bad && !f.Since.Equal(tc.want):
			t.Errorf("%q: since %v, want %v", tc.in, f.Since, tc.want)
		}
	}
	r := runQuell(t, "--journal", filepath.Join(t.TempDir(), "j.db"), "journal", "--since", "soon")
	if r.code != exitUsage || !strings.Contains(r.err, "--since") {
		t.Errorf("bad --since: exit %d %s", r.code, r.err)
	}
}

func TestJournalFormats(t *testing.T) {
	path := seedJournal(t)
	table := runQuell(t, "--journal", path, "journal", "--actor", "alice")
	if table.code != 0 {
		t.Fatalf("table: exit %d %s", table.code, table.err)
	}
	lines := strings.Split(strings.TrimSpace(table.out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[1], "mute") ||
		!strings.Contains(lines[2], "block") {
		t.Errorf("table:\n%s", table.out)
	}

	r := runQuell(t, "--journal", path, "journal", "-o", "csv", "--app", "live")
	if r.code != 0 {
		t.Fatalf("csv: exit %d %s", r.code, r.err)
	}
	recs, err := csv.NewReader(strings.NewReader(r.out)).ReadAll()
	if err != nil {
		t.Fatalf("csv does not parse: %v\n%s", err, r.out)
	}
	// Header, then one row per user outcome: u1, u2 of the mute, u3 of the kick.
	if len(recs) != 4 || recs[0][0] != "id" || recs[1][11] != "u1" || recs[2][11] != "u2" || recs[3][11] != "u3" {
		t.Fatalf("csv rows:\n%s", r.out)
	}
	if msg := recs[2][14]; !strings.HasPrefix(msg, "'=") {
		t.Errorf("a vendor message starting with = must be defused in CSV, got %q", msg)
	}

	// csv is for the journal only; the other commands refuse it as before.
	if r := runQuell(t, "--journal", path, "--config", filepath.Join(t.TempDir(), "none.yaml"), "apps", "-o", "csv"); r.code != exitUsage {
		t.Errorf("apps -o csv: exit %d", r.code)
	}
	if r := runQuell(t, "--journal", path, "journal", "-o", "yaml"); r.code != exitUsage {
		t.Errorf("journal -o yaml: exit %d", r.code)
	}
}

func TestJournalOpenErrorsAreUsageErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, bytes.Repeat([]byte("this is not a database\n"), 400), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runQuell(t, "--journal", notDB, "journal")
	if r.code != exitUsage || !strings.Contains(r.err, "not a SQLite database") {
		t.Errorf("not a database: exit %d\n%s", r.code, r.err)
	}
	// An action command with a broken journal sends nothing.
	h := newHarness(t)
	res := h.run("", "--journal", notDB, "kick", "--app", emulator.DemoTRTC, "--room", "1001", "someone")
	if res.code != exitUsage || !strings.Contains(res.err, "journal") {
		t.Errorf("kick with a broken journal: exit %d\n%s", res.code, res.err)
	}
	if n := h.srv.Env().Rec.Calls("trtc", "RemoveUser"); n != 0 {
		t.Errorf("%d RemoveUser calls sent with a broken journal", n)
	}
}

// TestActionsAreJournaled: a headless action writes its intent and every
// outcome, attributed to the OS user.
func TestActionsAreJournaled(t *testing.T) {
	h := newHarness(t)
	jp := filepath.Join(t.TempDir(), "journal.db")
	rep := h.action(0, "", "--journal", jp, "mute", "--app", emulator.DemoChatLive, "--room", liveRoom(t, h), "--for", "10m", "a1", "a2")
	if rep.Applied != 2 {
		t.Fatalf("mute: %+v", rep)
	}
	rows := journalJSON(t, jp)
	if len(rows) != 1 || rows[0].Action != "mute" || rows[0].Status != "finished" || rows[0].Applied != 2 ||
		rows[0].Actor != localActor().Name {
		t.Errorf("journal: %+v", rows)
	}
}

func liveRoom(t *testing.T, h *harness) string {
	t.Helper()
	var rooms []struct {
		ID string `json:"id"`
	}
	h.json(&rooms, 0, "", "rooms", "--app", emulator.DemoChatLive)
	if len(rooms) == 0 {
		t.Fatal("no live rooms")
	}
	return rooms[0].ID
}

// TestJournalPendingAndResume: an action whose process stopped half way is
// pending with exactly its unconfirmed users; resume sends only those, as
// the OS user, and settles the original.
func TestJournalPendingAndResume(t *testing.T) {
	h := newHarness(t)
	room := liveRoom(t, h)
	jp := filepath.Join(t.TempDir(), "journal.db")
	all := users("p", 50)

	// A process began a 50-user mute, confirmed the first 20, and died.
	dead, err := journal.Open(jp)
	if err != nil {
		t.Fatal(err)
	}
	id, err := dead.Begin(backend.ActionRequest{App: emulator.DemoChatLive, Room: room, Kind: backend.ActMute,
		Users: all, Duration: 10 * time.Minute, Actor: alice}, &backend.Plan{Call: "mute_member", Params: "MuteTime 600"})
	if err != nil {
		t.Fatal(err)
	}
	var first []backend.UserOutcome
	for _, u := range all[:20] {
		first = append(first, backend.UserOutcome{User: u, Status: backend.Applied})
	}
	if err := dead.Record(id, first); err != nil {
		t.Fatal(err)
	}
	dead.Close()

	var pending []pendingJSON
	r := runQuell(t, "--journal", jp, "journal", "--pending", "-o", "json")
	if r.code != 0 {
		t.Fatalf("pending: exit %d %s", r.code, r.err)
	}
	if err := json.Unmarshal([]byte(r.out), &pending); err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || pending[0].ID != id || pending[0].Applied != 20 ||
		strings.Join(pending[0].Unconfirmed, ",") != strings.Join(all[20:], ",") || pending[0].Actor != "alice" {
		t.Fatalf("pending: %+v", pending)
	}
	if r := runQuell(t, "--journal", jp, "journal", "--pending"); !strings.Contains(r.out, id) || !strings.Contains(r.out, "30") {
		t.Errorf("pending table:\n%s", r.out)
	}
	if r := runQuell(t, "--journal", jp, "journal", "--pending", "--app", "x"); r.code != exitUsage {
		t.Errorf("--pending with a filter: exit %d", r.code)
	}

	res := h.run("", "--journal", jp, "journal", "resume", id, "-o", "json")
	if res.code != 0 {
		t.Fatalf("resume: exit %d\n%s%s", res.code, res.out, res.err)
	}
	var rep actionReport
	if err := json.Unmarshal([]byte(res.out), &rep); err != nil || rep.Applied != 30 {
		t.Fatalf("resume report: %v %+v", err, rep)
	}
	applied := h.srv.Stats().Applied["chat/mute_member"]
	var got []string
	for k := range applied {
		got = append(got, k[strings.LastIndex(k, "/")+1:])
	}
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(all[20:], ",") {
		t.Errorf("the emulator applied %v, want exactly the 30 unconfirmed users", got)
	}
	if r := runQuell(t, "--journal", jp, "journal", "--pending"); !strings.Contains(r.out, "no pending actions") {
		t.Errorf("still pending after resume:\n%s", r.out)
	}
	rows := journalJSON(t, jp)
	if len(rows) != 2 || rows[0].Status != "interrupted" || rows[1].Actor != localActor().Name || rows[1].Applied != 30 {
		t.Errorf("journal after resume: %s", summary(rows))
	}
	// Resuming again is refused: the action is settled.
	calls := h.srv.Env().Rec.Calls("chat", "mute_member")
	if r := h.run("", "--journal", jp, "journal", "resume", id); r.code != exitUsage || !strings.Contains(r.err, "not pending") {
		t.Errorf("second resume: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if n := h.srv.Env().Rec.Calls("chat", "mute_member"); n != calls {
		t.Errorf("a second resume sent %d calls", n-calls)
	}
	if r := h.run("", "--journal", jp, "journal", "resume", "no-such-id"); r.code != exitUsage {
		t.Errorf("unknown id: exit %d %s", r.code, r.err)
	}
}

// A console (or `quell serve`) resuming an action claims it in the journal:
// a headless `quell journal resume` of the same action on the same SQLite
// file is refused and sends nothing, and it is no longer listed as pending.
func TestResumeClaimedByConsoleIsRefused(t *testing.T) {
	h := newHarness(t)
	room := liveRoom(t, h)
	jp := filepath.Join(t.TempDir(), "journal.db")
	dead, err := journal.Open(jp)
	if err != nil {
		t.Fatal(err)
	}
	id, err := dead.Begin(backend.ActionRequest{App: emulator.DemoChatLive, Room: room, Kind: backend.ActMute,
		Users: users("c", 5), Duration: 10 * time.Minute, Actor: alice}, &backend.Plan{Call: "mute_member"})
	if err != nil {
		t.Fatal(err)
	}
	dead.Close()

	console, err := journal.Open(jp)
	if err != nil {
		t.Fatal(err)
	}
	defer console.Close()
	r := &journalResumer{Journal: console, claimed: map[string]bool{}}
	if _, err := r.ResumeRequest(id); err != nil {
		t.Fatalf("the console's claim: %v", err)
	}
	calls := h.srv.Env().Rec.Calls("chat", "mute_member")
	res := h.run("", "--journal", jp, "journal", "resume", id)
	if res.code != exitUsage || !strings.Contains(res.err, "being resumed by another quell process") {
		t.Fatalf("resume of a claimed action: exit %d\n%s%s", res.code, res.out, res.err)
	}
	if n := h.srv.Env().Rec.Calls("chat", "mute_member"); n != calls {
		t.Errorf("the refused resume sent %d calls", n-calls)
	}
	if p := runQuell(t, "--journal", jp, "journal", "--pending"); strings.Contains(p.out, id) {
		t.Errorf("a claimed action is still offered:\n%s", p.out)
	}
}
