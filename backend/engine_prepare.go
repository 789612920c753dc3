package backend

import (
	"fmt"
	"strings"
)

// prepare validates req and returns it normalised (app filled in, users
// deduplicated in order) with the provider's plan. Checks run from the
// cheapest and most general to the vendor's own rules, so the error names the
// first thing a moderator has to fix.
func (e *Engine) prepare(p Provider, req ActionRequest) (ActionRequest, *Plan, error) {
	spec, ok := Spec(req.Kind)
	if !ok {
		return req, nil, &InputError{Field: "action", Value: string(req.Kind), Problem: "unknown action",
			Fix: "use one of " + strings.Join(kindNames(), ", ")}
	}
	if err := spec.Allowed(req.Actor.Role); err != nil {
		return req, nil, err
	}
	app := p.App()
	switch {
	case req.App == "":
		req.App = app.Name
	case req.App != app.Name:
		return req, nil, &InputError{Field: "app", Value: req.App, Problem: "the request names another app than the one it was sent to",
			Fix: "send it to app " + app.Name}
	}
	if !app.Caps.Can(spec.Needs) {
		return req, nil, &UnsupportedError{App: app.Name, Action: req.Kind, Why: app.Caps.Why(spec.Needs)}
	}
	if spec.TakesUsers {
		users, err := distinctUsers(req.Users)
		if err != nil {
			return req, nil, err
		}
		req.Users = users
	} else {
		req.Users = nil
	}
	if spec.NeedsOwner {
		if strings.TrimSpace(req.Owner) == "" {
			return req, nil, &InputError{Field: "owner", Problem: "a blacklist belongs to a user and none was named",
				Fix: "name the owner (--owner USER)"}
		}
		if err := CheckID("owner", req.Owner, MaxAnyIDBytes, anyIDFix); err != nil {
			return req, nil, err
		}
	} else if strings.TrimSpace(req.Room) == "" {
		return req, nil, &InputError{Field: "room", Problem: "no room named", Fix: "name the room (--room ROOM)"}
	} else if err := CheckID("room", req.Room, MaxAnyIDBytes, anyIDFix); err != nil {
		return req, nil, err
	}
	if spec.Takes(ParamDuration) && !req.Forever {
		switch {
		case req.Duration < 0:
			return req, nil, &InputError{Field: "duration", Value: req.Duration.String(), Problem: fmt.Sprintf("a %s cannot last a negative time", spec.Kind),
				Fix: "give a length such as " + LengthExamples}
		case req.Duration == 0:
			// Tencent Chat reads MuteTime 0 as "unmute": a zero-length mute
			// would silently undo an existing one.
			return req, nil, &InputError{Field: "duration", Value: "0s", Problem: fmt.Sprintf("a %s needs a length", spec.Kind),
				Fix: "give a length such as " + LengthExamples}
		}
	}
	if spec.Takes(ParamAVMode) {
		// Recorded as it runs: the journal and a resumed run see the mode
		// that was sent, not "none".
		req.AVMode = BlockMode(req)
	}
	plan, err := p.Plan(req)
	if err != nil {
		return req, nil, err
	}
	if plan == nil || plan.Exec == nil {
		return req, nil, fmt.Errorf("%s on app %s: provider returned no way to run it", req.Kind, app.Name)
	}
	if plan.BatchSize < 0 {
		plan.BatchSize = 0
	}
	if spec.TakesUsers && plan.BatchSize == 0 {
		// A plan for users that calls without them would report every user
		// applied after one call that named none of them.
		return req, nil, fmt.Errorf("%s on app %s: provider plan takes no users", req.Kind, app.Name)
	}
	return req, plan, nil
}

// anyIDFix is the fix for an ID no vendor could hold; each provider's Plan
// then applies its own, tighter rules.
const anyIDFix = "give the ID exactly as the vendor lists it (no control characters or escape sequences)"

// distinctUsers rejects an empty list and blank IDs, and drops repeats keeping
// the first occurrence, so no user is sent twice. IDs are kept raw: they go
// to the vendor as given.
func distinctUsers(users []string) ([]string, error) {
	if len(users) == 0 {
		return nil, &InputError{Field: "users", Problem: ErrNoUsers.Error(), Fix: "name at least one user (or - to read them from standard input)"}
	}
	seen := make(map[string]bool, len(users))
	out := make([]string, 0, len(users))
	for i, u := range users {
		if strings.TrimSpace(u) == "" {
			return nil, &InputError{Field: fmt.Sprintf("users[%d]", i), Problem: "empty user ID", Fix: "remove the blank entry"}
		}
		if err := CheckID(fmt.Sprintf("users[%d]", i), u, MaxAnyIDBytes, anyIDFix); err != nil {
			return nil, err
		}
		if seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, u)
	}
	return out, nil
}
