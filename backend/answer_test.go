package backend

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// endless is an answer that never ends (an endpoint streaming /dev/zero).
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.read += int64(len(p))
	return len(p), nil
}

func TestReadAnswer(t *testing.T) {
	cases := []struct {
		name    string
		size    int
		tooLong bool
	}{
		{"empty", 0, false},
		{"small", 100, false},
		{"exactly the limit", 1000, false},
		{"one byte over", 1001, true},
		{"far over", 50000, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := bytes.Repeat([]byte("x"), c.size)
			// One byte a read too: the limit must hold however the body arrives.
			for _, r := range []io.Reader{bytes.NewReader(in), iotest.OneByteReader(bytes.NewReader(in))} {
				got, err := ReadAnswer(r, 1000)
				var tl *AnswerTooLargeError
				if c.tooLong {
					if !errors.As(err, &tl) || got != nil {
						t.Fatalf("want AnswerTooLargeError, got %d bytes, %v", len(got), err)
					}
					continue
				}
				if err != nil || !bytes.Equal(got, in) {
					t.Fatalf("got %d bytes, %v", len(got), err)
				}
			}
		})
	}
}

func TestReadAnswerStopsReadingAnEndlessAnswer(t *testing.T) {
	src := &endless{}
	_, err := ReadAnswer(src, MaxAnswerBytes)
	if err == nil || err.Error() != "answer larger than 8 MB refused" {
		t.Fatalf("err = %v", err)
	}
	if src.read > MaxAnswerBytes+64<<10 {
		t.Fatalf("read %d bytes of an endless answer", src.read)
	}
	ve := AnswerTooLarge(Zego, "QueryBlacklist", err)
	if ve == nil || ve.Retryable || !strings.Contains(ve.Error(), "answer larger than 8 MB refused") {
		t.Fatalf("VendorError = %v", ve)
	}
	if AnswerTooLarge(Zego, "x", io.EOF) != nil {
		t.Fatal("a non-size error became answer-too-large")
	}
}
