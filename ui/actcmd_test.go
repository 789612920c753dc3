package ui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/views"
)

func TestParseActionLine(t *testing.T) {
	spec := func(k backend.ActionKind) backend.ActionSpec { s, _ := backend.Spec(k); return s }
	for _, tc := range []struct {
		kind  backend.ActionKind
		arg   string
		room  string
		users []string
		req   backend.ActionRequest
		len   bool
		mode  bool
		bad   string // part of the error
	}{
		{kind: backend.ActMute, arg: "lobby alice 10m", room: "lobby", users: []string{"alice"},
			req: backend.ActionRequest{Duration: 10 * time.Minute}, len: true},
		{kind: backend.ActMute, arg: "chat/lobby alice bob alice forever", room: "chat/lobby", users: []string{"alice", "bob"},
			req: backend.ActionRequest{Forever: true}, len: true},
		// No length: the flow's picker asks for it.
		{kind: backend.ActMute, arg: "lobby alice", room: "lobby", users: []string{"alice"}},
		// A lone word after the room is the user, even if it reads as a length.
		{kind: backend.ActMute, arg: "lobby 10m", room: "lobby", users: []string{"10m"}},
		// A numeric user ID is no length (it has no unit).
		{kind: backend.ActMute, arg: "100038 1234 5678", room: "100038", users: []string{"1234", "5678"}},
		// kick takes no length: every word is a user.
		{kind: backend.ActKick, arg: "lobby alice 10m", room: "lobby", users: []string{"alice", "10m"}},
		{kind: backend.ActBlock, arg: "lobby alice Audio", room: "lobby", users: []string{"alice"},
			req: backend.ActionRequest{AVMode: backend.AVAudio}, mode: true},
		{kind: backend.ActBlacklistAdd, arg: "lobby alice owner=host1", room: "lobby", users: []string{"alice"},
			req: backend.ActionRequest{Owner: "host1"}},
		{kind: backend.ActBan, arg: "lobby alice 1d reason=spam and abuse", room: "lobby", users: []string{"alice"},
			req: backend.ActionRequest{Duration: 24 * time.Hour, Reason: "spam and abuse"}, len: true},
		{kind: backend.ActMute, arg: "", bad: "ROOM is missing"},
		{kind: backend.ActMute, arg: "lobby", bad: "USER is missing"},
		{kind: backend.ActBlacklistAdd, arg: "lobby alice owner=", bad: "owner= is empty"},
	} {
		al, err := parseActionLine(spec(tc.kind), tc.arg)
		if tc.bad != "" {
			if err == nil || !strings.Contains(err.Error(), tc.bad) {
				t.Errorf("%s %q: err %v, want %q", tc.kind, tc.arg, err, tc.bad)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", tc.kind, tc.arg, err)
			continue
		}
		if al.room != tc.room || !reflect.DeepEqual(al.users, tc.users) || !reflect.DeepEqual(al.req, tc.req) || al.lengthOK != tc.len || al.modeOK != tc.mode {
			t.Errorf("%s %q = %+v", tc.kind, tc.arg, al)
		}
	}
}

// Every action of the table that takes users is a command, with its
// parameters in its usage; the room actions are not.
func TestActionCommandsFromTheTable(t *testing.T) {
	for spec := range backend.Actions() {
		c, ok := findCommand(string(spec.Kind))
		if ok != spec.TakesUsers {
			t.Errorf(":%s exists %v, takes users %v", spec.Kind, ok, spec.TakesUsers)
			continue
		}
		if ok && spec.Takes(backend.ParamDuration) && !strings.Contains(c.Arg, "DURATION") {
			t.Errorf(":%s %s does not say it takes a length", c.Name, c.Arg)
		}
	}
}

func TestActionCompletions(t *testing.T) {
	h := views.Here{
		Apps: []string{"chat-eu", "zego"}, App: "chat-eu", Room: "lobby",
		Rooms:   []backend.Room{{ID: "arena"}},
		Members: []backend.Member{{UserID: "alice"}, {UserID: "albert"}, {UserID: "bob"}},
	}
	args := func(cmd string, before []string) []string {
		c, _ := findCommand(cmd)
		if c.CompleteWord != nil {
			return c.CompleteWord(h, before)
		}
		return c.Complete(h)
	}
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"mute l", []string{"mute lobby "}},
		{"mute ch", []string{"mute chat-eu/", "mute chat-eu/arena ", "mute chat-eu/lobby "}},
		{"mute chat-eu/a", []string{"mute chat-eu/arena "}},
		{"mute lobby al", []string{"mute lobby albert ", "mute lobby alice "}},
		{"mute lobby alice ", []string{"mute lobby alice 10m ", "mute lobby alice 1h ", "mute lobby alice 1m ", "mute lobby alice 24h ",
			"mute lobby alice 7d ", "mute lobby alice albert ", "mute lobby alice bob ", "mute lobby alice forever "}},
		{"kick chat-eu/lobby b", []string{"kick chat-eu/lobby bob "}},
		{"kick arena b", nil}, // arena's members are not loaded: nothing to offer, nothing called
		// The open room is offered even when its app's room list is not loaded.
		{"kick chat-eu/lo", []string{"kick chat-eu/lobby "}},
		{"room chat-eu/l", []string{"room chat-eu/lobby"}},
	} {
		if got := completions(tc.line, args); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("completions(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func twoApps() (*fakeApp, *fakeApp) { return seedFake(), zegoFake() }

// A named user is muted from the apps screen in one line: the app, room,
// user and length named; one user under the confirmation threshold, so no
// dialog; the emulated vendor has the mute.
func TestMuteByCommandFromAnywhere(t *testing.T) {
	f, z := twoApps()
	h := startConsole(t, testOptions(f, z))
	h.settled("zego-rooms")
	h.keys(":")
	h.typeText("mute chat-eu/lobby alice 10m")
	h.keys("enter")
	h.waitState("alice muted", func() bool { _, ok := mutedUntil(f, "lobby", "alice"); return ok })
	if u, _ := mutedUntil(f, "lobby", "alice"); !u.Equal(testNow.Add(10 * time.Minute)) {
		t.Fatalf("alice muted until %v, want 10m from now", u)
	}
	h.settled("muted 1 user in lobby", "quell › apps")
}

// The action key where no user is shown opens the command line with the
// action typed; without a length the flow's picker asks for it, as for the
// key on a member.
func TestActionKeyNamesTheTarget(t *testing.T) {
	f, z := twoApps()
	h := startConsole(t, testOptions(f, z))
	h.settled("zego-rooms")
	h.keys("m")
	h.settled(":mute ")
	h.typeText("chat-eu/lobby carol")
	h.keys("enter")
	h.settled("Mute carol in room lobby for how long?")
	h.keys("enter") // 10m, the picker's default
	h.waitState("carol muted", func() bool { _, ok := mutedUntil(f, "lobby", "carol"); return ok })
}

// The line takes the same confirmation rules as the keys: 21 users is over
// mute's threshold of 20, so it asks, and Cancel sends nothing.
func TestActionCommandConfirms(t *testing.T) {
	f := seedFake()
	h := startConsole(t, testOptions(f))
	h.settled("lobby")
	users := make([]string, 21)
	for i := range users {
		users[i] = fmt.Sprintf("fan%02d", i)
	}
	h.keys(":")
	h.typeText("mute arena " + strings.Join(users, " ") + " 1h")
	h.keys("enter")
	h.settled("Mute 21 users?", "For: 1h")
	h.keys("esc")
	h.settled("cancelled: nothing was sent")
	var n int
	f.snapshot(func(f *fakeApp) { n = f.calls })
	if n != 0 {
		t.Fatalf("%d vendor calls after a cancelled confirmation", n)
	}
}

// A line that cannot run sends nothing, is cleared and says why, naming
// what to fix; the line stays open for the next command.
func TestFailedCommandClearsTheLine(t *testing.T) {
	f, z := twoApps()
	h := startConsole(t, testOptions(f, z))
	h.settled("zego-rooms")
	for _, tc := range []struct{ line, err string }{
		{"romo 42", `no command "romo"`},
		{"mute lobby alice", "no app is open"},
		{"mute zego-rooms/stage zed 10m", "cannot mute one user"},
		{"app nope", `no app named "nope"`},
		{"mute chat-eu/lobby", "USER is missing"},
	} {
		h.keys(":")
		h.typeText(tc.line)
		h.keys("enter")
		s := h.settled(tc.err)
		if strings.Contains(s, ":"+tc.line) {
			t.Errorf("%q failed but stays on the line:\n%s", tc.line, s)
		}
		h.typeText("apps")
		h.keys("enter")
		h.settled("quell › apps")
	}
	var n, m int
	f.snapshot(func(f *fakeApp) { n = f.calls })
	z.snapshot(func(z *fakeApp) { m = z.calls })
	if n != 0 || m != 0 {
		t.Fatalf("failed lines made %d+%d vendor calls", n, m)
	}
}

// :app and :room take a unique prefix; :room APP/ROOM opens a room from
// anywhere.
func TestAppAndRoomPrefixes(t *testing.T) {
	f, z := twoApps()
	h := startConsole(t, testOptions(f, z))
	h.settled("zego-rooms")
	h.keys(":")
	h.typeText("app cha")
	h.keys("enter")
	h.settled("Rooms of chat-eu", "arena")
	h.keys(":")
	h.typeText("room lob")
	h.keys("enter")
	h.settled("chat-eu › lobby › members", "alice")
	h.keys(":")
	h.typeText("room zego/stage")
	h.keys("enter")
	h.settled("zego-rooms › stage › members", "zed")
}
