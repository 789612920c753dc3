package ui

import (
	"strings"

	"github.com/quell-console/quell/backend"
)

// staffUser is a selected user the vendor reports as the room's owner or
// an admin.
type staffUser struct{ id, role string }

// scope is what the confirmation says of where the action lands: the
// room's name and how many are in it (0 when unknown).
type scope struct {
	roomName string
	size     int
}

// gather finds, in the screens on the stack, what the console knows of
// app's room: its name, its member count and its owner and admins. The
// members list, when loaded, is the truth; the rooms list's count and
// owner stand in for it.
func (m *Model) gather(app, room string) (sc scope, roles map[string]string) {
	roles = map[string]string{}
	for _, s := range m.stack {
		if s.target.App != app {
			continue
		}
		for _, r := range s.data.Rooms {
			if r.ID == room {
				sc.roomName, sc.size = r.Name, max(r.Members, 0)
				if r.Owner != "" {
					roles[r.Owner] = "owner"
				}
			}
		}
		if s.target.Room != room || !s.loaded {
			continue
		}
		if s.data.Room.Name != "" {
			sc.roomName = s.data.Room.Name
		}
		if s.data.Room.Owner != "" {
			roles[s.data.Room.Owner] = "owner"
		}
		if len(s.data.Members) > 0 {
			sc.size = len(s.data.Members)
		}
		for _, mem := range s.data.Members {
			if backend.IsStaff(mem.Role) {
				roles[mem.UserID] = strings.ToLower(mem.Role)
			}
		}
	}
	return sc, roles
}
