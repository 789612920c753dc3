package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quell-console/quell/internal/syncbuf"
	"github.com/quell-console/quell/internal/testservers"
)

// Issue #10: several quell processes share one vendor quota (Redis) and one
// journal (PostgreSQL). Every test here starts its own PostgreSQL and Redis
// on loopback ports (internal/testservers) and drives separate quell
// processes against one emulator.

type team struct {
	emu   *emuProc
	cfg   string
	redis *testservers.Redis
}

// newTeam starts the emulator, PostgreSQL and Redis, and writes a config
// that uses both; edit, if set, changes the config text first.
func newTeam(t *testing.T, edit func(string) string, emuArgs ...string) *team {
	t.Helper()
	pg := testservers.StartPostgres(t)
	r := testservers.StartRedis(t)
	emu := runEmulator(t, emuArgs...)
	base, err := os.ReadFile(emu.cfg)
	if err != nil {
		t.Fatal(err)
	}
	text := string(base)
	if edit != nil {
		text = edit(text)
	}
	text += fmt.Sprintf("journal: %q\nquota: %q\n", pg.NewDatabase(t), r.URL())
	cfg := filepath.Join(t.TempDir(), "team.yaml")
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return &team{emu: emu, cfg: cfg, redis: r}
}

// counts reads the emulator's call and rejection counters.
func (tm *team) counts(t *testing.T) (calls, rejected map[string]int) {
	t.Helper()
	resp, err := http.Get(tm.emu.url + "/_emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct {
		Calls    map[string]int `json:"calls"`
		Rejected map[string]int `json:"rejected"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	return s.Calls, s.Rejected
}

var plainID = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// trtcCrowd is n members of trtc-demo's largest seeded room (2,000 members).
func trtcCrowd(t *testing.T, cfg string, n int) (room string, users []string) {
	t.Helper()
	room = "100001"
	var list struct {
		Members []struct {
			User string `json:"user"`
		} `json:"members"`
	}
	decode(t, &list, "--config", cfg, "members", "--app", "trtc-demo", "--room", room, "-o", "json")
	for _, m := range list.Members {
		if plainID.MatchString(m.User) && !strings.HasPrefix(m.User, "host_") {
			users = append(users, m.User)
		}
	}
	if len(users) < n {
		t.Fatalf("room %s has %d plain members, want %d", room, len(users), n)
	}
	return room, users[:n]
}

type bastionRun struct {
	out, err syncbuf.Buffer
	code     int
}

// blockPair runs two quell processes at once, each blocking its half of
// users in room; during, if set, runs while they do.
func (tm *team) blockPair(t *testing.T, room string, users []string, during func()) [2]*bastionRun {
	t.Helper()
	var runs [2]*bastionRun
	var wg sync.WaitGroup
	half := len(users) / 2
	for i := range runs {
		r := &bastionRun{}
		runs[i] = r
		cmd := exec.Command(quellBin, "--config", tm.cfg, "block", "--app", "trtc-demo", "--room", room, "-o", "json", "-")
		cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+stateDir(t))
		cmd.Stdin = strings.NewReader(strings.Join(users[i*half:(i+1)*half], "\n") + "\n")
		cmd.Stdout, cmd.Stderr = &r.out, &r.err
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := cmd.Wait()
			if ee, ok := err.(*exec.ExitError); ok {
				r.code = ee.ExitCode()
			} else if err != nil {
				r.code = -1
			}
		}()
	}
	if during != nil {
		during()
	}
	wg.Wait()
	for i, r := range runs {
		if r.code != 0 {
			t.Fatalf("bastion %d: exit %d\n%s%s", i+1, r.code, r.out.String(), r.err.String())
		}
	}
	return runs
}

// blockProblems says what is wrong with the pair's blocks: every user
// blocked once, with no call rejected for its rate (the emulator rejects the
// 21st call of any one-second window, emucore.Window, so no rejection means
// no second held more than 20). Empty when all is well.
func (tm *team) blockProblems(t *testing.T, users []string, callsBefore int) []string {
	t.Helper()
	var out []string
	st := tm.emu.stats(t)
	calls, rejected := tm.counts(t)
	if n := calls["trtc/SetUserBlocked"] - callsBefore; n != len(users) {
		out = append(out, fmt.Sprintf("SetUserBlocked calls = %d, want %d", n, len(users)))
	}
	for k, n := range rejected {
		if strings.HasPrefix(k, "trtc/SetUserBlocked/") {
			out = append(out, fmt.Sprintf("%d calls rejected with %s", n, k))
		}
	}
	if st.AppliedUsers["trtc/SetUserBlocked"] != len(users) || st.MaxApplied["trtc/SetUserBlocked"] != 1 {
		out = append(out, fmt.Sprintf("applied to %d users, at most %d times each; want %d and 1",
			st.AppliedUsers["trtc/SetUserBlocked"], st.MaxApplied["trtc/SetUserBlocked"], len(users)))
	}
	return out
}

// twice runs a timed two-bastion scenario and passes when one of up to
// three runs holds. The shared quota leaves 30 ms between a call's slot and
// its arrival at the emulator; the pair took 20.58–20.84 s against the 21 s
// bound in 12 runs at load averages 1–6 on 2 cores, and 21.19 s in one more
// (load 5.5). With two more busy loops on the machine a run saw 1 to 9
// rejections: the quota released each call within 13 ms of its slot, so the
// rest of the lateness came after it (the request on its way, the emulator
// waiting for a core). A real fault fails every run.
func twice(t *testing.T, scenario func() []string) {
	t.Helper()
	const runs = 3
	for attempt := 1; attempt <= runs; attempt++ {
		problems := scenario()
		if len(problems) == 0 {
			return
		}
		if attempt == runs {
			for _, p := range problems {
				t.Error(p)
			}
			return
		}
		t.Logf("run %d: %s; once more on fresh servers", attempt, strings.Join(problems, "; "))
	}
}

// actionSpan is from the first journaled start to the last finish of the
// app's actions: the time the pair spent on the vendor, without process
// start-up.
func actionSpan(t *testing.T, cfg, app string) time.Duration {
	t.Helper()
	var acts []struct {
		StartedAt  time.Time  `json:"started_at"`
		FinishedAt *time.Time `json:"finished_at"`
		Action     string     `json:"action"`
	}
	decode(t, &acts, "--config", cfg, "journal", "--app", app, "-o", "json")
	var first, last time.Time
	for _, a := range acts {
		if a.Action != "block" || a.FinishedAt == nil {
			continue
		}
		t.Logf("block from %s to %s", a.StartedAt.Format("15:04:05.000"), a.FinishedAt.Format("15:04:05.000"))
		if first.IsZero() || a.StartedAt.Before(first) {
			first = a.StartedAt
		}
		if a.FinishedAt.After(last) {
			last = *a.FinishedAt
		}
	}
	if first.IsZero() {
		t.Fatalf("no finished block in the journal: %+v", acts)
	}
	return last.Sub(first)
}

// Two bastions each block 200 users on the same TRTC app at once: one
// quota of 20 calls a second between them, so no rejection, and together
// they take the 20 s the quota allows, within 5%.
func TestTeamTwoBastionsShareTRTCQuota(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 21 s: 400 calls at 20 a second")
	}
	twice(t, func() []string {
		tm := newTeam(t, nil)
		room, users := trtcCrowd(t, tm.cfg, 400)
		calls, _ := tm.counts(t)
		start := time.Now()
		tm.blockPair(t, room, users, nil)
		wall := time.Since(start)
		problems := tm.blockProblems(t, users, calls["trtc/SetUserBlocked"])
		after, _ := tm.counts(t)
		for k, n := range after {
			if n != calls[k] {
				t.Logf("%s: %d calls", k, n-calls[k])
			}
		}
		span := actionSpan(t, tm.cfg, "trtc-demo")
		t.Logf("400 blocks by two bastions: %s on the vendor, %s with process start-up", span, wall)
		if span > 21*time.Second {
			problems = append(problems, fmt.Sprintf("the pair took %s, want within 5%% of 20 s (21 s)", span))
		}
		if span < 19*time.Second {
			problems = append(problems, fmt.Sprintf("the pair took %s: faster than 20 calls a second", span))
		}
		return problems
	})
}

// Redis dies half way through: each bastion falls back to its share (half
// the rate, two processes last seen), says so on stderr, and finishes with
// no rejection.
func TestTeamRedisKilledHalfWay(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 20 s or more")
	}
	twice(t, func() []string {
		tm := newTeam(t, nil)
		room, users := trtcCrowd(t, tm.cfg, 400)
		calls, _ := tm.counts(t)
		runs := tm.blockPair(t, room, users, func() {
			waitFor(t, 30*time.Second, "half the users blocked", func() bool {
				return tm.emu.stats(t).AppliedUsers["trtc/SetUserBlocked"] >= 200
			})
			tm.redis.Kill()
		})
		problems := tm.blockProblems(t, users, calls["trtc/SetUserBlocked"])
		for i, r := range runs {
			if e := r.err.String(); !strings.Contains(e, "warning: shared quota down") || !strings.Contains(e, "1/2 of each rate") {
				problems = append(problems, fmt.Sprintf("bastion %d's stderr does not warn of the lost quota:\n%s", i+1, e))
			}
		}
		return problems
	})
}

// kill -9 of a bastion in the middle of a 1,000-user mute: another process
// lists it as pending with exactly the users not applied and resumes those
// only; a third process trying the same resume meanwhile is refused.
func TestTeamKill9ResumedByAnotherBastion(t *testing.T) {
	tm := newTeam(t, nil, "--latency", "200ms")
	setRateLimit(t, tm.cfg, "chat-live", "mute_member", 20)
	emu, cfg := tm.emu, tm.cfg
	all := make([]string, 1000)
	for i := range all {
		all[i] = fmt.Sprintf("crash%04d", i)
	}
	mute := exec.Command(quellBin, "--config", cfg, "mute", "--app", "chat-live", "--room", crashRoom, "--for", "1h", "-")
	mute.Env = append(os.Environ(), "XDG_STATE_HOME="+stateDir(t))
	mute.Stdin = strings.NewReader(strings.Join(all, "\n") + "\n")
	if err := mute.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = mute.Wait(); close(exited) }()
	t.Cleanup(func() { _ = mute.Process.Kill(); <-exited })

	applied := func() int { return emu.stats(t).AppliedUsers["chat/mute_member"] }
	waitFor(t, 20*time.Second, "200 users applied", func() bool { return applied() >= 200 })
	emu.post(t, "hold")
	released := false
	t.Cleanup(func() {
		if !released {
			emu.post(t, "release")
		}
	})
	waitFor(t, 10*time.Second, "no request in the emulator's handlers", func() bool { return emu.stats(t).InHandler == 0 })
	atKill := applied()
	waitFor(t, 10*time.Second, "the journal to catch up", func() bool { return journalApplied(t, cfg) == atKill })
	if err := mute.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-exited
	waitFor(t, 10*time.Second, "in-flight requests dropped", func() bool { return emu.stats(t).InFlight == 0 })
	emu.post(t, "release")

	var pending []struct {
		ID          string   `json:"id"`
		Applied     int      `json:"applied"`
		Unconfirmed []string `json:"unconfirmed"`
	}
	// The PostgreSQL session of the killed process ends when the server
	// sees its socket close: a moment after the kill.
	waitFor(t, 10*time.Second, "the killed action to be pending", func() bool {
		decode(t, &pending, "--config", cfg, "journal", "--pending", "-o", "json")
		return len(pending) == 1
	})
	notApplied := unapplied(all, emu.stats(t))
	if pending[0].Applied != atKill || strings.Join(sorted(pending[0].Unconfirmed), ",") != strings.Join(sorted(notApplied), ",") {
		t.Fatalf("pending: applied %d (emulator %d), %d unconfirmed (emulator has %d not applied)",
			pending[0].Applied, atKill, len(pending[0].Unconfirmed), len(notApplied))
	}
	id := pending[0].ID

	// The second bastion resumes; the emulator holds its first requests so
	// that the third tries while the resume is surely under way.
	emu.post(t, "hold")
	resume := exec.Command(quellBin, "--config", cfg, "journal", "resume", id, "-o", "json")
	resume.Env = append(os.Environ(), "XDG_STATE_HOME="+stateDir(t))
	var resumeOut, resumeErr syncbuf.Buffer
	resume.Stdout, resume.Stderr = &resumeOut, &resumeErr
	if err := resume.Start(); err != nil {
		t.Fatal(err)
	}
	resumed := make(chan error, 1)
	go func() { resumed <- resume.Wait() }()
	waitFor(t, 10*time.Second, "the resume's requests at the emulator", func() bool { return emu.stats(t).Held > 0 })
	out, errOut, code := quell(t, "", "--config", cfg, "journal", "resume", id)
	if code != 2 || !strings.Contains(errOut, "being resumed by another quell process") {
		t.Errorf("third process: exit %d, want 2 and a refusal\n%s%s", code, out, errOut)
	}
	emu.post(t, "release")
	released = true
	if err := <-resumed; err != nil {
		t.Fatalf("resume: %v\n%s%s", err, resumeOut.String(), resumeErr.String())
	}
	var rep struct {
		Applied int `json:"applied"`
		Failed  int `json:"failed"`
	}
	if err := json.Unmarshal([]byte(resumeOut.String()), &rep); err != nil || rep.Applied != len(notApplied) || rep.Failed != 0 {
		t.Fatalf("resume report %v: %s", err, resumeOut.String())
	}
	st := emu.stats(t)
	if st.AppliedUsers["chat/mute_member"] != len(all) || st.MaxApplied["chat/mute_member"] != 1 {
		t.Fatalf("after resume: %d users applied, the most to one user %d; want %d and 1",
			st.AppliedUsers["chat/mute_member"], st.MaxApplied["chat/mute_member"], len(all))
	}
	var left []any
	decode(t, &left, "--config", cfg, "journal", "--pending", "-o", "json")
	if len(left) != 0 {
		t.Fatalf("still pending after resume: %v", left)
	}
}

// A moderator's console on bastion A shows bastion B's mute within a
// second. The console's refresh is an hour, so only the journal's
// notification can bring it.
func TestTeamActivityShowsOtherBastionAtOnce(t *testing.T) {
	tm := newTeam(t, func(s string) string { return strings.Replace(s, "refresh: 3s", "refresh: 1h", 1) })
	con := newTmux(t, 120, 30, nil, shellRun(quellBin+" --config "+tm.cfg))
	con.waitFor(15*time.Second, "apps")
	con.typeText(":activity")
	con.keys("Enter")
	con.waitFor(10*time.Second, "no actions yet")
	out, errOut, code := quell(t, "", "--config", tm.cfg, "mute", "--app", "chat-live", "--room", crashRoom, "--for", "10m", "watched-user")
	if code != 0 {
		t.Fatalf("mute on bastion B: exit %d\n%s%s", code, out, errOut)
	}
	done := time.Now()
	host, _ := os.Hostname()
	screen := con.waitFor(5*time.Second, "mute", "chat-live/"+crashRoom)
	if el := time.Since(done); el > time.Second {
		t.Errorf("bastion B's mute reached bastion A's activity view %s after it finished, want within 1 s", el)
	}
	if host != "" && !strings.Contains(screen, "@"+host[:min(len(host), 3)]) {
		t.Errorf("the row does not name the host %s:\n%s", host, screen)
	}
}
