package ui

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// teamLog is a shared journal seen from one process: another process's
// actions arrive with a change notification.
type teamLog struct {
	mu   sync.Mutex
	acts []backend.Activity
	ch   chan struct{}
}

func (l *teamLog) Since(seq int64) ([]backend.Activity, int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []backend.Activity
	for _, a := range l.acts {
		if a.Seq > seq {
			out = append(out, a)
		}
	}
	return out, int64(len(l.acts)), nil
}

func (l *teamLog) Changed() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ch
}

// add records another process's action and wakes the waiters.
func (l *teamLog) add(a backend.Activity) {
	l.mu.Lock()
	a.Seq = int64(len(l.acts) + 1)
	l.acts = append(l.acts, a)
	close(l.ch)
	l.ch = make(chan struct{})
	l.mu.Unlock()
}

// The refresh is an hour away: only the notification can bring process
// B's mute onto process A's activity view, with B's actor and host.
func TestOtherProcessActionAppearsAtOnce(t *testing.T) {
	log := &teamLog{ch: make(chan struct{})}
	o := testOptions(seedFake())
	o.Activity = log
	h := startConsole(t, o)
	h.keys(":")
	h.typeText("activity")
	h.keys("enter")
	h.waitText("no actions yet")
	start := time.Now()
	log.add(backend.Activity{ID: "b-1", Actor: backend.Actor{Name: "bob"}, Host: "bastion-b", Started: testNow,
		App: "live", Room: "room-1", Kind: backend.ActMute, Users: []string{"u9"}, Status: "finished", Applied: 1})
	// At 100 columns WHO is narrow: the row shows the host's start, the
	// outcomes view the whole of it.
	h.waitText("bob@b", "mute")
	if el := time.Since(start); el > time.Second {
		t.Fatalf("another process's mute took %s to appear", el)
	}
	h.keys("enter")
	h.waitText("mute in room-1 by bob on bastion-b")
}

type downQuota struct{}

func (downQuota) Wait(context.Context, string, float64) error { return nil }
func (downQuota) Degraded() string {
	return "shared quota down (Redis refuses connections): pacing at 1/2 of each rate"
}

func TestStatusBarShowsQuotaFallback(t *testing.T) {
	o := testOptions(seedFake())
	o.Engine.Pacer.SetShared(downQuota{})
	h := startConsole(t, o)
	h.waitText("shared quota down")
}
