package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/components"
)

// roomBatch is a room action (dismiss, mute everyone) on the rooms marked in
// the rooms list: one run per room, in the order listed, each prepared,
// sent and recorded by the engine like any action. Marks used to be
// ignored there: D with two rooms marked dismissed the room under the
// cursor.
type roomBatch struct {
	rooms   []string
	next    int      // index in rooms of the room to run next
	applied []string // rooms done
	failed  []string // rooms the vendor refused
	why     *components.Failure
	names   map[string]string // room ID → name, from the rooms list
}

// askRooms is the confirmation of a room batch.
type askRooms struct{ pa *pendingAction }

// roomsPrompt lists every marked room and asks for the count typed (an
// action that cannot be undone, dismiss) or a button (Cancel the default).
func (f *actionFlow) roomsPrompt(pa *pendingAction) *components.Dialog {
	rooms := pa.batch.rooms
	n := len(rooms)
	lines := []string{fmt.Sprintf("%s, in each of %d rooms of app %s:", capital(pa.spec.Title), n, clean(pa.req.App))}
	for i, r := range rooms {
		if i == listUsers && n > listUsers+1 {
			lines = append(lines, fmt.Sprintf("  … and %d more", n-i))
			break
		}
		line := "  " + clean(r)
		if name := clean(pa.batch.names[r]); name != "" && name != clean(r) {
			line += " — " + name
		}
		lines = append(lines, line)
	}
	lines = append(lines, fmt.Sprintf("Vendor call: %s, once per room", clean(pa.call)))
	if pa.spec.NoUndo != "" && pa.spec.Inverse == "" {
		lines = append(lines, pa.spec.NoUndo+".")
	}
	d := &components.Dialog{
		Title:  fmt.Sprintf("%s: %d rooms?", capital(pa.spec.Title), n),
		Danger: true,
		For:    askRooms{pa},
	}
	if !pa.spec.TypeToConfirm {
		d.Body, d.Options = lines, []string{"Cancel", fmt.Sprintf("%s: %d rooms", capital(pa.spec.Title), n)}
		return d
	}
	want := strconv.Itoa(n)
	d.Body = append(lines, "Everyone is removed from each and the rooms are closed. Type the number of rooms ("+want+") to confirm.")
	d.Input = components.NewInput(f.st, "rooms ", "", 6)
	d.Validate = func(s string) error {
		if s != want {
			return fmt.Errorf("that is not the number of rooms: type %s, or esc to cancel", want)
		}
		return nil
	}
	return d
}

// onRoomsChosen starts the batch once confirmed.
func (m *Model) onRoomsChosen(ask askRooms, c components.Chosen) tea.Cmd {
	if c.Choice == 0 {
		return m.toastOK("cancelled: nothing was sent")
	}
	ask.pa.confirmed = true
	return m.advance(ask.pa)
}

// batchStep takes the outcome of one room of a batch and starts the next;
// after the last (or a cancel, or a shutdown) it says what was done: a
// toast when every room was, else the failure panel naming the rooms
// failed and not reached.
func (m *Model) batchStep(pa *pendingAction, res *backend.Result, err error) tea.Cmd {
	b := pa.batch
	room := pa.req.Room
	switch {
	case err != nil:
		b.failed, b.why = append(b.failed, room), failureFromError(pa, err)
	case res.Applied > 0:
		b.applied = append(b.applied, room)
	default:
		b.failed, b.why = append(b.failed, room), failureFromResult(pa, res)
	}
	stopped := (res != nil && res.Cancelled) || m.ctx.Err() != nil || m.draining
	if b.next < len(b.rooms) && !stopped {
		next := *pa
		next.req.Room = b.rooms[b.next]
		b.next++
		return m.begin(&next)
	}
	// The rooms done leave the marks; those failed or not reached keep them,
	// so the same key runs the action on them again.
	if s := m.top(); s.def().RoomRows && s.appName() == pa.req.App {
		s.list().MarkOnly(append(slices.Clone(b.failed), b.rooms[b.next:]...))
	}
	// Undo would reach one room of several: the inverse is run room by room.
	m.last = &lastAction{spec: pa.spec, noUndo: pa.spec.Title + " of several rooms is undone room by room: open each room"}
	rest := b.rooms[b.next:]
	if len(b.failed) == 0 && len(rest) == 0 {
		return m.toastOK(fmt.Sprintf("%s %d rooms: %s", pa.spec.Verb, len(b.applied), nameSome(b.applied)))
	}
	f := b.why
	if f == nil {
		f = &components.Failure{Code: "cancelled", Meaning: "stopped before these rooms were sent", Next: "mark them and run the action again"}
	}
	f.Title = fmt.Sprintf("%s: %d of %d rooms done", pa.spec.Title, len(b.applied), len(b.rooms))
	parts := []string{}
	if len(b.failed) > 0 {
		parts = append(parts, "failed: "+nameSome(b.failed))
	}
	if len(rest) > 0 {
		parts = append(parts, "not reached: "+nameSome(rest))
	}
	f.Users, f.More = []string{strings.Join(parts, "; ")}, 0
	m.failure = f
	return nil
}
