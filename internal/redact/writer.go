package redact

import "io"

// Writer redacts every Write to w. slog's handlers write each record in one
// call, so a secret never straddles two writes of a log.
func Writer(w io.Writer, r *Redactor) io.Writer { return &writer{w: w, r: r} }

type writer struct {
	w io.Writer
	r *Redactor
}

// Write reports p's length when all of its redacted form was written, so a
// caller never retries the part that the mark made shorter.
func (w *writer) Write(p []byte) (int, error) {
	if _, err := w.w.Write(w.r.Bytes(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Unwrap is the writer underneath (a caller asking whether it is a terminal).
func (w *writer) Unwrap() io.Writer { return w.w }
