//! The uncertainty bands around the projection: Monte Carlo runs worked out
//! on another thread, one job at a time, kept with the levers they are for.

use super::{ScenariosView, BAND_SEED};
use crate::job::{Cancelled, Job, JobState};
use crate::scenario::{monte_carlo_with_progress, Bands, Levers};
use jiff::civil::Date;

/// What a set of bands was worked out from.
#[derive(Clone, PartialEq)]
pub(super) struct BandsKey {
    generation: u64,
    start: Date,
    reference_months: u32,
    levers: Levers,
}

impl ScenariosView {
    /// The key of the projection on screen, when its levers are in range.
    fn bands_key(&self) -> Option<BandsKey> {
        let c = self.computed.as_ref()?;
        (self.errors.is_empty() && c.levers == self.levers).then(|| BandsKey {
            generation: c.generation,
            start: c.start,
            reference_months: c.reference_months,
            levers: c.levers.clone(),
        })
    }

    /// Collects finished bands and starts the next job when the levers
    /// have moved on. One job at a time: bands for levers no longer on
    /// screen are stopped (within one chunk of runs) and the bands wanted
    /// now started straight away, so a typed value or a loaded scenario
    /// gets its bands in the time of one job, never two. The worker wakes
    /// the window as the runs go and when it is done, so nothing repaints
    /// while waiting.
    pub(super) fn poll_bands(&mut self, ui: &egui::Ui) {
        let key = self.bands_key();
        if let Some((job_key, job)) = &self.bands_job {
            match job.poll() {
                JobState::Done(Ok(bands)) => {
                    self.bands = Some((job_key.clone(), bands));
                    self.bands_job = None;
                }
                JobState::Working if key.as_ref() == Some(job_key) => return,
                JobState::Working => {
                    job.cancel();
                    self.bands_job = None;
                }
                JobState::Done(Err(Cancelled)) | JobState::Lost => self.bands_job = None,
            }
        }
        let Some(key) = key else {
            return;
        };
        if self.bands.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let Some(c) = &self.computed else {
            return;
        };
        let baseline = c.baseline.clone();
        let levers = key.levers.clone();
        let runs = self.band_runs;
        let wake = ui.ctx().clone();
        let job = Job::start(
            move |progress| {
                monte_carlo_with_progress(&baseline, &levers, runs, BAND_SEED, progress)
            },
            move || wake.request_repaint(),
        );
        self.bands_job = Some((key, job));
    }

    /// How far the bands for the projection on screen have got (a
    /// fraction), while they are being worked out.
    pub(super) fn bands_progress(&self) -> Option<f32> {
        let (key, job) = self.bands_job.as_ref()?;
        (self.bands_key().as_ref() == Some(key)).then(|| job.progress().fraction().unwrap_or(0.0))
    }

    /// Waits for the bands being worked out, if any (for tests and for
    /// closing cleanly).
    pub fn finish_background_work(&mut self) {
        if let Some((key, job)) = self.bands_job.take() {
            if let Some(Ok(bands)) = job.wait() {
                self.bands = Some((key, bands));
            }
        }
        self.backtest.finish_background_work();
    }

    /// Bands matching the projection on screen, if worked out.
    pub(super) fn current_bands(&self) -> Option<&Bands> {
        let key = self.bands_key()?;
        self.bands
            .as_ref()
            .and_then(|(k, b)| (*k == key).then_some(b))
    }
}
