package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The demo rooms the moderator works in. chatemu's seed gives them fixed
// sizes, and churn never closes a live room of 100 members or more, so they
// stay for the whole test: live-001 holds 20,000 members (a user seen on
// screen is very unlikely to leave within the test), live-005 about 1,000
// (a bulk selection far over 20), live-006 about 250 (dismissed).
const (
	actRoom     = "live-001"
	bulkRoom    = "live-005"
	dismissRoom = "live-006"
)

// TestConsoleModeratorFlow drives the console the way a moderator would,
// with only the keys the screen and `?` offer, against an emulator run as a
// separate process, and checks each action both on screen and in the
// emulator's state through the headless commands.
func TestConsoleModeratorFlow(t *testing.T) {
	for _, size := range []struct{ w, h int }{{100, 30}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			cfg, stats := startEmulator(t)
			tm := newTmux(t, size.w, size.h, nil, shellRun(quellBin+" --config "+cfg))
			moderate(t, tm, cfg, stats)
		})
	}
}

func moderate(t *testing.T, tm *tmux, cfg, stats string) {
	s := tm.waitFor(5*time.Second, "quell › apps", "chat-live", "local · admin", "? help")

	// Apps → chat-live: filter by name, keep the filter, open the row.
	tm.keys("/")
	tm.typeText("chat-live")
	tm.keys("Enter")
	requireCursorOn(t, tm.waitFilterKept("chat-live"), "chat-live")
	tm.keys("Enter")
	tm.waitFor(5*time.Second, "Rooms of chat-live", actRoom)

	// The room, by its ID on the command line.
	tm.keys(":")
	tm.typeText("room " + actRoom)
	tm.keys("Enter")
	s = tm.waitFor(5*time.Second, "chat-live › "+actRoom+" › members")
	s = tm.waitForFunc(5*time.Second, "four member rows", func(s string) bool { return len(memberRows(s)) >= 4 })
	users := memberRows(s)
	owner, muteU, blockU, blackU := users[0], users[1], users[2], users[3]
	checkChrome(t, s)
	tm.keys("?") // the help a new moderator reads: every key and command fit
	tm.waitFor(3*time.Second, "m mute", "b block audio/video", "x add to blacklist", "D dismiss room",
		"q      quit", "r      refresh", ":room ID", ":blacklist OWNER", "esc closes")
	tm.esc()

	// Mute for 10 minutes: the picker opens on 10m.
	findUser(tm, muteU)
	tm.keys("m")
	tm.waitFor(3*time.Second, "Mute "+muteU+" in room "+actRoom+" for how long?", "[10m]")
	tm.keys("Enter")
	s = tm.waitFor(5*time.Second, "muted 1 user in "+actRoom)
	// Countdowns round up (a mute with 0.4 s left must not read 0s), and the
	// vendor's clock starts the mute a moment after the console's: a fresh
	// 10-minute mute reads 10m01s as rightly as 10m00s or 9m5Xs.
	if line := cursorLine(s); !regexp.MustCompile(`\b(10m0[01]s|9m[0-5]\ds)\b`).MatchString(line) {
		t.Errorf("the muted row shows no 10-minute countdown: %q", line)
	}
	waitState(t, "muted list shows "+muteU+" for ~10 minutes", func() (bool, string) {
		var muted []struct {
			User       string  `json:"user"`
			MutedUntil *string `json:"muted_until"`
		}
		out := headlessJSON(t, &muted, "muted", "--config", cfg, "--app", "chat-live", "--room", actRoom)
		for _, m := range muted {
			if m.User != muteU || m.MutedUntil == nil {
				continue
			}
			until, err := time.Parse(time.RFC3339, *m.MutedUntil)
			left := time.Until(until)
			return err == nil && left > 9*time.Minute && left <= 10*time.Minute+5*time.Second, out
		}
		return false, out
	})

	// Block video only.
	tm.esc() // clear the filter
	findUser(tm, blockU)
	tm.keys("b")
	tm.waitFor(3*time.Second, "Block what of "+blockU, "[audio and video]")
	tm.keys("Right", "Right")
	tm.waitFor(3*time.Second, "[video only]")
	tm.keys("Enter")
	s = tm.waitFor(5*time.Second, "blocked 1 user in "+actRoom)
	if line := cursorLine(s); !strings.Contains(line, "video") {
		t.Errorf("the blocked row does not show its video block: %q", line)
	}
	waitState(t, "members show "+blockU+" with av_block video", func() (bool, string) {
		return memberAV(t, cfg, actRoom)[blockU] == "video", ""
	})

	// Blacklist: the members view has no owner, so the console asks.
	tm.esc()
	findUser(tm, blackU)
	tm.keys("x")
	tm.waitFor(3*time.Second, "Whose blacklist?")
	tm.typeText(owner)
	tm.keys("Enter")
	tm.waitFor(5*time.Second, "blacklisted 1 user of "+owner)
	waitState(t, owner+"'s blacklist holds "+blackU, func() (bool, string) {
		var entries []struct {
			User string `json:"user"`
		}
		out := headlessJSON(t, &entries, "blacklist", "list", "--config", cfg, "--app", "chat-live", "--owner", owner)
		for _, e := range entries {
			if e.User == blackU {
				return true, out
			}
		}
		return false, out
	})

	// Dismiss a room from the rooms list: the moderator types its ID.
	tm.esc()
	tm.esc()
	tm.waitFor(3*time.Second, "Rooms of chat-live")
	tm.keys("/")
	tm.typeText(dismissRoom)
	tm.keys("Enter")
	requireCursorOn(t, tm.waitFilterKept(dismissRoom), dismissRoom)
	tm.keys("D")
	tm.waitFor(3*time.Second, "Dismiss room "+dismissRoom+"?", "destroy_room", "Type the room ID")
	sent := mutationsAt(t, stats)
	tm.typeText("live-00") // a wrong ID is refused, nothing is sent
	tm.keys("Enter")
	tm.waitFor(3*time.Second, "that is not the room ID")
	// The refusal is drawn by the update that would have launched the
	// dismissal, so the emulator's record of calls received is final now.
	if now := mutationsAt(t, stats); now != sent {
		t.Fatalf("a wrong room ID sent calls: before %s, after %s", sent, now)
	}
	tm.typeText(dismissRoom[len("live-00"):])
	tm.keys("Enter")
	tm.waitFor(5*time.Second, "dismissed room "+dismissRoom)
	gone := regexp.MustCompile(`(?m)^[> ][ *] ` + dismissRoom + ` `)
	tm.waitForFunc(10*time.Second, dismissRoom+" gone from the rooms list", func(s string) bool { return !gone.MatchString(s) })
	waitState(t, "rooms no longer list "+dismissRoom, func() (bool, string) {
		var rooms []struct {
			ID string `json:"id"`
		}
		out := headlessJSON(t, &rooms, "rooms", "--config", cfg, "--app", "chat-live")
		for _, r := range rooms {
			if r.ID == dismissRoom {
				return false, out
			}
		}
		return len(rooms) > 0, out
	})
	tm.esc()

	bulkBlockCancelled(t, tm, stats)

	// Quit from the keyboard; the shell then shows the exit status.
	tm.esc()
	tm.keys("q")
	tm.waitFor(5*time.Second, "quell exited 0")
}

// bulkBlockCancelled blocks every member of a big room: the confirmation
// names the count and the vendor call and defaults to Cancel; esc while the
// paced TRTC calls run cancels, and the screen names users not reached. The
// emulator's own count of applied blocks is the truth checked.
func bulkBlockCancelled(t *testing.T, tm *tmux, stats string) {
	t.Helper()
	tm.keys(":")
	tm.typeText("room " + bulkRoom)
	tm.keys("Enter")
	tm.waitFor(5*time.Second, "chat-live › "+bulkRoom+" › members")
	tm.waitForFunc(5*time.Second, "member rows", func(s string) bool { return len(memberRows(s)) > 5 })
	tm.keys("A")
	s := tm.waitFor(3*time.Second, " selected")
	n := atoiMatch(t, s, `(\d+) selected`)
	if n <= 20 {
		t.Fatalf("select all chose %d users; the test needs more than 20", n)
	}
	openConfirm := func() string {
		tm.keys("b")
		tm.waitFor(3*time.Second, "Block what of")
		tm.keys("Enter") // audio and video
		return tm.waitFor(3*time.Second, "[Cancel]", "Vendor call: SetUserBlockedByStrRoomId × ", "users, all of "+bulkRoom)
	}
	s = openConfirm()
	count := atoiMatch(t, s, `Block audio/video (\d+) users\?`)
	if calls := atoiMatch(t, s, `SetUserBlockedByStrRoomId × (\d+)`); calls != count || count != n {
		t.Errorf("confirmation names %d users and %d calls; want the selection (%d) for both", count, calls, n)
	}
	sent := mutationsAt(t, stats)
	tm.keys("Enter") // the default is Cancel
	tm.waitFor(3*time.Second, "cancelled: nothing was sent")
	// As for the wrong room ID: the emulator's record of every call it
	// received (refused ones too) is final once the screen says cancelled.
	if now := mutationsAt(t, stats); now != sent {
		t.Fatalf("enter on the default button sent calls: before %s, after %s", sent, now)
	}
	if got := blockedIn(t, stats, bulkRoom); len(got) != 0 {
		t.Fatalf("enter on the default button blocked %d users", len(got))
	}

	openConfirm()
	tm.keys("Tab", "Enter")
	tm.waitForFunc(10*time.Second, "progress with some users done", func(s string) bool {
		m := regexp.MustCompile(`done (\d+)`).FindStringSubmatch(s)
		return m != nil && m[1] != "0" && strings.Contains(s, "remaining")
	})
	tm.esc()
	s = tm.waitFor(10*time.Second, "cancelled: ", "not reached", "users ")
	notReached := atoiMatch(t, s, `cancelled: (\d+) of \d+ not reached`)
	m := regexp.MustCompile(`users +(u\d{6})`).FindStringSubmatch(s)
	if notReached == 0 || m == nil {
		t.Fatalf("the cancelled bulk action names no user not reached:\n%s", s)
	}
	blocked := blockedIn(t, stats, bulkRoom)
	if len(blocked) == 0 || len(blocked) >= count || len(blocked) > count-notReached {
		t.Errorf("emulator applied %d blocks of %d; the screen says %d not reached", len(blocked), count, notReached)
	}
	if blocked[m[1]] {
		t.Errorf("%s is named as not reached but the emulator blocked them", m[1])
	}
	tm.esc() // close the panel
}

// mutationsAt is every state-changing call the emulator behind stats has
// received, refused ones included, written out to compare.
func mutationsAt(t *testing.T, stats string) string {
	t.Helper()
	resp, err := http.Get(stats)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s emuStats
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatalf("stats: %v", err)
	}
	return fmt.Sprint(mutations(s))
}

// blockedIn is the users of a chat-live room the emulator applied a TRTC
// block to (through trtc-av, whose room IDs are chat-live's).
func blockedIn(t *testing.T, stats, room string) map[string]bool {
	t.Helper()
	resp, err := http.Get(stats)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st struct {
		Applied map[string]map[string]int `json:"applied"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatalf("emulator stats: %v", err)
	}
	out := map[string]bool{}
	for key := range st.Applied["trtc/SetUserBlockedByStrRoomId"] {
		// SDKAppID/room/user
		if parts := strings.SplitN(key, "/", 3); len(parts) == 3 && parts[1] == room {
			out[parts[2]] = true
		}
	}
	return out
}

// memberAV maps each member of a chat-live room to its av_block.
func memberAV(t *testing.T, cfg, room string) map[string]string {
	t.Helper()
	var list struct {
		Members []struct {
			User    string `json:"user"`
			AVBlock string `json:"av_block"`
		} `json:"members"`
	}
	headlessJSON(t, &list, "members", "--config", cfg, "--app", "chat-live", "--room", room)
	out := make(map[string]string, len(list.Members))
	for _, m := range list.Members {
		out[m.User] = m.AVBlock
	}
	return out
}

// startEmulator runs `quell emulator` as a child process on a free loopback
// port and returns the config it wrote and its stats address.
func startEmulator(t *testing.T) (cfg, stats string) {
	t.Helper()
	cfg = filepath.Join(t.TempDir(), "quell.yaml")
	cmd := exec.Command(quellBin, "emulator", "--listen", "127.0.0.1:0", "--write-config", cfg)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "stats: "); ok {
				stats = strings.TrimSpace(u)
			}
			if strings.HasPrefix(sc.Text(), "config written to") {
				ready <- nil
				_, _ = io.Copy(io.Discard, out)
				return
			}
		}
		ready <- fmt.Errorf("emulator exited before writing its config: %v", sc.Err())
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("emulator did not write its config within 10s")
	}
	if stats == "" {
		t.Fatal("emulator did not print its stats address")
	}
	return cfg, stats
}

// headlessJSON runs a headless command with -o json and decodes its output.
func headlessJSON(t *testing.T, v any, args ...string) string {
	t.Helper()
	out, errOut, code := quell(t, "", append(args, "-o", "json")...)
	if code != 0 {
		t.Fatalf("quell %v: exit %d: %s", args, code, errOut)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("quell %v: %v in %q", args, err, out)
	}
	return out
}

// waitState polls the emulator's state (through headless commands) until
// check holds; the console's next refresh is not needed for it.
func waitState(t *testing.T, what string, check func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		ok, out := check()
		if ok {
			return
		}
		last = out
		time.Sleep(200 * time.Millisecond)
	}
	if len(last) > 2000 {
		last = last[:2000] + "…"
	}
	t.Fatalf("emulator state: want %s; last answer:\n%s", what, last)
}

// findUser filters the members by user ID, keeps the filter and checks the
// cursor is on that user.
func findUser(tm *tmux, user string) {
	tm.t.Helper()
	tm.keys("/")
	tm.typeText(user)
	tm.keys("Enter")
	requireCursorOn(tm.t, tm.waitFilterKept(user), user)
}

// waitFilterKept waits for the status bar to show the filter kept (the
// prompt closed, the rows filtered).
func (tm *tmux) waitFilterKept(filter string) string {
	tm.t.Helper()
	kept := regexp.MustCompile(`(?m)^ \d+/\d+ .*/` + regexp.QuoteMeta(filter) + ` `)
	return tm.waitForFunc(5*time.Second, "the filter /"+filter+" kept", kept.MatchString)
}

var memberRow = regexp.MustCompile(`(?m)^[> ][ *] (u\d{6})\b`)

// memberRows are the user IDs of the rows on screen, top to bottom.
func memberRows(s string) []string {
	var out []string
	for _, m := range memberRow.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// cursorLine is the list row under the cursor ("> " leads it).
func cursorLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, ">") {
			return line
		}
	}
	return ""
}

func requireCursorOn(t *testing.T, s, id string) {
	t.Helper()
	if f := strings.Fields(cursorLine(s)); len(f) < 2 || f[1] != id {
		t.Fatalf("cursor is not on %s:\n%s", id, s)
	}
}

// checkChrome holds the screen to showing where the moderator is, the
// status bar and the way to the help, whatever the width.
func checkChrome(t *testing.T, s string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) < 3 {
		t.Fatalf("screen too short:\n%s", s)
	}
	if !strings.HasPrefix(lines[0], "quell › ") || !strings.Contains(lines[0], "Tencent Chat") {
		t.Errorf("header lost its place or provider: %q", lines[0])
	}
	if !strings.Contains(lines[len(lines)-2], "local · admin") || !regexp.MustCompile(`\d+/\d+`).MatchString(lines[len(lines)-2]) {
		t.Errorf("status bar lost its count or actor: %q", lines[len(lines)-2])
	}
	// "? more" when the view's keys do not all fit.
	if last := lines[len(lines)-1]; !strings.Contains(last, "? help") && !strings.HasSuffix(strings.TrimSpace(last), "? more") {
		t.Errorf("short help does not say how to get help: %q", last)
	}
}

func atoiMatch(t *testing.T, s, pattern string) int {
	t.Helper()
	// The console writes counts of a thousand or more with separators
	// ("Block audio/video 1,000 users?").
	m := regexp.MustCompile(strings.ReplaceAll(pattern, `(\d+)`, `([\d,]+)`)).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("screen has no %q:\n%s", pattern, s)
	}
	n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	return n
}

// shellRun runs command in the pane and then says how it exited, keeping
// the pane open so the test can read the exit status and the terminal's
// modes after quell has gone.
func shellRun(command string) string {
	return command + "; echo quell exited $?; sleep 600"
}

// esc sends a lone escape and lets it arrive alone: an escape followed at
// once by more bytes reads as alt+key, as in any terminal.
func (tm *tmux) esc() {
	tm.t.Helper()
	tm.keys("Escape")
	time.Sleep(250 * time.Millisecond)
}

// waitForFunc waits until ok holds for the screen.
func (tm *tmux) waitForFunc(timeout time.Duration, what string, ok func(string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	var s string
	for time.Now().Before(deadline) {
		if s = tm.screen(); ok(s) {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.t.Fatalf("screen never showed %s; last screen:\n%s", what, s)
	return s
}
