//! Work done off the window's thread: one way to start it, follow its
//! progress, ask it to stop and collect its result.
//!
//! A [`Job`] runs a closure on a thread of its own. The closure gets the
//! job's [`Progress`]: it says how far it has got (`set_total`,
//! `set_done`) and checks whether it was asked to stop (`check`, which
//! gives [`Cancelled`] for `?`). Whoever started the job polls it once a
//! frame and gets the result when it is there; `wake` (the window's
//! "repaint" — this module never names the window) is called when the
//! progress moves and when the job ends, so nothing needs to repaint on a
//! timer while waiting.
//!
//! Imports, the Monte Carlo bands, the rolling backtest and reading a
//! boundary file all run as jobs.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::sync::Arc;

/// Asked to stop: what [`Progress::check`] gives once a job was cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled; nothing was changed")]
pub struct Cancelled;

/// Called when a job's progress moves or it ends.
type Wake = Arc<dyn Fn() + Send + Sync>;

#[derive(Default)]
struct ProgressState {
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
}

/// Progress of a long piece of work, shared between the thread doing it
/// and the window showing it; also how the window asks it to stop. Units
/// are the work's own (bytes read, starting months checked).
#[derive(Clone, Default)]
pub struct Progress {
    state: Arc<ProgressState>,
    wake: Option<Wake>,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("done", &self.done())
            .field("total", &self.total())
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl Progress {
    pub fn new() -> Progress {
        Progress::default()
    }

    /// A progress that calls `wake` whenever it moves (as a [`Job`]'s does).
    pub fn with_wake(wake: impl Fn() + Send + Sync + 'static) -> Progress {
        Progress {
            state: Arc::default(),
            wake: Some(Arc::new(wake)),
        }
    }

    fn wake(&self) {
        if let Some(wake) = &self.wake {
            wake();
        }
    }

    pub fn set_total(&self, total: u64) {
        self.state.total.store(total, Ordering::Relaxed);
    }

    pub fn set_done(&self, done: u64) {
        self.state.done.store(done, Ordering::Relaxed);
        self.wake();
    }

    /// Adds `n` to what is done: for work shared out to several threads,
    /// each saying what it finished.
    pub fn add_done(&self, n: u64) {
        self.state.done.fetch_add(n, Ordering::Relaxed);
        self.wake();
    }

    pub fn done(&self) -> u64 {
        self.state.done.load(Ordering::Relaxed)
    }

    /// The total set, 0 while it is not known.
    pub fn total(&self) -> u64 {
        self.state.total.load(Ordering::Relaxed)
    }

    /// Done as a fraction of the total, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total();
        (total > 0).then(|| (self.done() as f64 / total as f64).min(1.0) as f32)
    }

    /// Asks the work to stop: its next [`Progress::check`] says so.
    pub fn cancel(&self) {
        self.state.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.state.cancelled.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once cancelled: for `?` inside the work's loop.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

/// What polling a job found.
#[derive(Debug, PartialEq)]
pub enum JobState<T> {
    /// Still working.
    Working,
    /// Finished with this result (given once).
    Done(T),
    /// The thread ended without a result (it panicked), or the result was
    /// already taken.
    Lost,
}

/// One piece of work on a thread of its own.
pub struct Job<T> {
    rx: Receiver<T>,
    progress: Progress,
    finished: Arc<AtomicBool>,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread; `wake` is called whenever the work's
    /// progress moves and once it has finished.
    pub fn start(
        work: impl FnOnce(&Progress) -> T + Send + 'static,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Job<T> {
        let progress = Progress::with_wake(wake);
        let (tx, rx) = channel();
        let theirs = progress.clone();
        let finished = Arc::new(AtomicBool::new(false));
        let done = finished.clone();
        std::thread::spawn(move || {
            let out = work(&theirs);
            // The job may have been dropped: nobody wants the result.
            let _ = tx.send(out);
            // Hang up before saying so: once `finished` is seen (or the
            // last wake comes), a poll after the result finds the job
            // over, never still "working".
            drop(tx);
            done.store(true, Ordering::Release);
            theirs.wake();
        });
        Job {
            rx,
            progress,
            finished,
        }
    }
}

impl<T> Job<T> {
    /// The result when the work has finished; never blocks.
    pub fn poll(&self) -> JobState<T> {
        match self.rx.try_recv() {
            Ok(out) => JobState::Done(out),
            Err(TryRecvError::Empty) => JobState::Working,
            Err(TryRecvError::Disconnected) => JobState::Lost,
        }
    }

    /// Waits for the result (for tests, and for closing cleanly); `None`
    /// when the work ended without one.
    pub fn wait(self) -> Option<T> {
        self.rx.recv().ok()
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Whether the work has finished and its result is waiting (without
    /// taking it).
    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Acquire)
    }

    /// Asks the work to stop (see [`Progress::check`]).
    pub fn cancel(&self) {
        self.progress.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::mpsc::sync_channel;

    #[test]
    fn progress_is_shared_and_cancellable() {
        let p = Progress::new();
        let seen_by_window = p.clone();
        assert_eq!(seen_by_window.fraction(), None);
        p.set_total(200);
        p.set_done(50);
        assert_eq!(seen_by_window.fraction(), Some(0.25));
        assert_eq!(p.check(), Ok(()));
        seen_by_window.cancel();
        assert_eq!(p.check(), Err(Cancelled));
    }

    /// The job reports progress as it goes, wakes its owner for each step
    /// and at the end, and gives its result once.
    #[test]
    fn a_job_reports_progress_and_gives_its_result_once() {
        let wakes = Arc::new(AtomicUsize::new(0));
        let counted = wakes.clone();
        // The work waits at each step until the test lets it go on.
        let (go, steps) = sync_channel::<()>(0);
        let job = Job::start(
            move |p| {
                p.set_total(4);
                for n in 1..=4 {
                    let _ = steps.recv();
                    p.set_done(n);
                }
                "done"
            },
            move || {
                counted.fetch_add(1, Ordering::SeqCst);
            },
        );
        assert_eq!(job.poll(), JobState::Working);
        assert!(!job.is_finished());
        for _ in 0..4 {
            go.send(()).unwrap();
        }
        let mut out = job.poll();
        while out == JobState::Working {
            std::thread::yield_now();
            out = job.poll();
        }
        assert_eq!(out, JobState::Done("done"));
        assert_eq!(job.progress().fraction(), Some(1.0));
        for _ in 0..1_000_000 {
            if job.is_finished() {
                break;
            }
            std::thread::yield_now();
        }
        assert!(job.is_finished());
        // Four steps and the end (the last wake comes just after the
        // result is sent, so the owner never misses it).
        for _ in 0..1_000_000 {
            if wakes.load(Ordering::SeqCst) == 5 {
                break;
            }
            std::thread::yield_now();
        }
        assert_eq!(wakes.load(Ordering::SeqCst), 5);
        assert_eq!(job.poll(), JobState::Lost);
    }

    /// A cancelled job stops at its next check and says so.
    #[test]
    fn a_cancelled_job_stops_at_its_next_check() {
        let (go, wait) = sync_channel::<()>(0);
        let job = Job::start(
            move |p| -> Result<u32, Cancelled> {
                let _ = wait.recv();
                p.check()?;
                Ok(1)
            },
            || {},
        );
        job.cancel();
        go.send(()).unwrap();
        assert_eq!(job.wait(), Some(Err(Cancelled)));
    }

    #[test]
    fn a_job_that_panics_is_lost_not_a_hang() {
        let job: Job<u32> = Job::start(|_| panic!("a bug in the work"), || {});
        let mut out = job.poll();
        while out == JobState::Working {
            std::thread::yield_now();
            out = job.poll();
        }
        assert_eq!(out, JobState::Lost);
    }
}
