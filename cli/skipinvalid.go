package cli

import (
	"errors"
	"fmt"

	"github.com/quell-console/quell/backend"
)

// invalidIDCode is the code a user skipped by --skip-invalid carries in the
// table and in -o json: quell refused the ID, nothing was sent for it.
const invalidIDCode = "invalid-id"

// splitInvalid separates the users the vendor's rules refuse (too long,
// control characters: what engine.Prepare checks per user) from the rest,
// so that `quell members -o json | … | quell block -` acts on the valid IDs
// of a room holding a hostile one. Each refused user becomes a failed
// outcome saying why; nothing is sent for them. An error that is not about
// one user (the room, --for, the role) is returned as it is: the whole
// command is wrong then.
//
// The usual case costs one Prepare; only a list with an invalid ID is
// checked user by user.
func splitInvalid(e *backend.Engine, p backend.Provider, req backend.ActionRequest) (valid []string, skipped []backend.UserOutcome, err error) {
	if _, err := e.Prepare(p, req); userInputError(err) == nil {
		return req.Users, nil, err
	}
	one := req
	for _, u := range req.Users {
		one.Users = []string{u}
		_, err := e.Prepare(p, one)
		if err == nil {
			valid = append(valid, u)
			continue
		}
		ie := userInputError(err)
		if ie == nil {
			return nil, nil, err
		}
		skipped = append(skipped, backend.UserOutcome{User: u, Status: backend.Failed, Err: &backend.VendorError{
			Provider: p.App().Provider, Code: invalidIDCode,
			Meaning: "not sent: invalid user ID (" + ie.Problem + ")", NextStep: ie.Fix,
		}})
	}
	return valid, skipped, nil
}

// userInputError is err's refusal of one user of the list ("users[3]: …"),
// nil when err is about something else or nil.
func userInputError(err error) *backend.InputError {
	var ie *backend.InputError
	if !errors.As(err, &ie) {
		return nil
	}
	var i int
	if n, _ := fmt.Sscanf(ie.Field, "users[%d]", &i); n != 1 {
		return nil
	}
	return ie
}
