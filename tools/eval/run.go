package eval

import (
	"context"
	"fmt"
	"sync"

	"talaan/extract"
	"talaan/internal/pipeline"
)

// Processor is what Run measures; *pipeline.Pipeline is one.
type Processor interface {
	Process(ctx context.Context, name string, data []byte) (pipeline.Output, error)
}

// Run processes the set's files on workers goroutines, compares each with its
// label and returns the results in the set's order. progress, when not nil,
// is called after each file (from several goroutines, one at a time).
//
// An error from Process that is not the context's is recorded in the file's
// Failure (status ERROR) and the run goes on; an unreadable corpus file or a
// cancelled context stops it.
func Run(ctx context.Context, p Processor, set Set, workers int, progress func(done, total int)) ([]FileResult, error) {
	workers = max(1, min(workers, len(set.Cases)))
	results := make([]FileResult, len(set.Cases))
	jobs := make(chan int)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		done     int
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
		cancel()
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r, err := runOne(ctx, p, set.Cases[i])
				if err != nil {
					fail(fmt.Errorf("%s %s: %w", set.Name, set.Cases[i].File, err))
					continue
				}
				results[i] = r
				if progress != nil {
					mu.Lock()
					done++
					progress(done, len(set.Cases))
					mu.Unlock()
				}
			}
		}()
	}
feed:
	for i := range set.Cases {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return results, nil
}

func runOne(ctx context.Context, p Processor, c Case) (FileResult, error) {
	if err := ctx.Err(); err != nil {
		return FileResult{}, err
	}
	data, err := c.bytes()
	if err != nil {
		return FileResult{}, err
	}
	out, err := p.Process(ctx, c.File, data)
	if err != nil {
		if ctx.Err() != nil {
			return FileResult{}, ctx.Err()
		}
		out = pipeline.Output{File: c.File, Status: extract.StatusError}
		r := Compare(c, out)
		r.Failure = err.Error()
		return r, nil
	}
	return Compare(c, out), nil
}
