//! What an edit costs the window: the frame in which a carer's change is
//! written, with the records read again on a worker (the window) and, for
//! comparison, at once on the UI thread (as before); and the reading
//! itself (`Records::load`, what the worker does), in full and reading
//! again only what a change touched (a carer's new name: the carers; a
//! referral: no county table). For the sample county
//! and at national size (80,000 children looked after, 45,000 carer
//! households, 3,750 homes: benches/sufficiency.rs's sizes).
//!
//! A frame is one `Harness::step` of egui_kittest: the window's own code
//! and egui's layout, without a GPU.

use criterion::{criterion_group, criterion_main, Criterion};
use egui_kittest::Harness;
use placement_planner::export::ReportKind;
use placement_planner::model::Carer;
use placement_planner::sample::{generate, SampleCounty, DEFAULT_SEED, SAMPLE_AS_AT};
use placement_planner::store::Store;
use placement_planner::ui::command::Command;
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::records::{Records, Reuse};
use placement_planner::ui::PlannerApp;
use std::time::{Duration, Instant};

#[path = "common/synthetic.rs"]
mod synthetic;
use synthetic::national;

/// The window on the database at `db`, as the tests' harness drives it.
fn window(db: &std::path::Path) -> Harness<'static, PlannerApp> {
    let app = PlannerApp::with_store(
        Store::open(db).unwrap(),
        SAMPLE_AS_AT,
        Box::new(ScriptedFilePicker::default()),
    );
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app)
}

/// Renames the carer (the `n`th edit) as its form would.
fn queue_edit(h: &mut Harness<'static, PlannerApp>, carer: &mut Carer, n: u64) {
    carer.name = format!("Household renamed {n}");
    h.state_mut().queue(Command::UpdateCarer(carer.clone()));
}

/// The time of `iters` frames, each right after `queue` asked the window
/// for something; the work it started on a worker (a reading of the
/// records, an export) is finished between frames, outside the time: it is
/// not the frame's.
fn frames_after(
    h: &mut Harness<'static, PlannerApp>,
    iters: u64,
    mut queue: impl FnMut(&mut Harness<'static, PlannerApp>),
) -> Duration {
    let mut spent = Duration::ZERO;
    for _ in 0..iters {
        queue(h);
        let started = Instant::now();
        h.step();
        spent += started.elapsed();
        h.state_mut().finish_background_work();
        h.step();
    }
    spent
}

fn bench_county(c: &mut Criterion, name: &str, county: &SampleCounty, samples: usize) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite");
    {
        let mut store = Store::create_new(&db).unwrap();
        store.insert_county(county).unwrap();
    }
    let mut carer = county.carers[0].clone();
    let mut n = 0u64;
    let mut g = c.benchmark_group(name);
    g.sample_size(samples);
    for on_worker in [true, false] {
        let mut h = window(&db);
        h.state_mut().set_reload_on_worker(on_worker);
        h.run();
        let label = if on_worker {
            "frame of an edit, records read on a worker"
        } else {
            "frame of an edit, records read on the UI thread"
        };
        g.bench_function(label, |b| {
            b.iter_custom(|iters| {
                frames_after(&mut h, iters, |h| {
                    n += 1;
                    queue_edit(h, &mut carer, n);
                })
            })
        });
        if on_worker {
            // The frame in which the worker's records arrive and replace
            // the old ones.
            g.bench_function("frame in which the records read on a worker arrive", |b| {
                b.iter_custom(|iters| {
                    let mut spent = Duration::ZERO;
                    for _ in 0..iters {
                        n += 1;
                        queue_edit(&mut h, &mut carer, n);
                        h.step();
                        while !h.state().reload_is_ready() {
                            std::thread::sleep(Duration::from_millis(1));
                        }
                        let started = Instant::now();
                        h.step();
                        spent += started.elapsed();
                        assert!(!h.state().is_reloading());
                    }
                    spent
                })
            });
        }
    }
    // The frame in which an export is started: the file is written on a
    // worker, from the records the window holds (shared, not copied).
    {
        let mut h = window(&db);
        h.run();
        let out = dir.path().join("summary.csv");
        g.bench_function(
            "frame in which an export starts (placement summary CSV)",
            |b| {
                b.iter_custom(|iters| {
                    frames_after(&mut h, iters, |h| {
                        h.state_mut().queue(Command::ExportReport {
                            kind: ReportKind::PlacementSummaryCsv,
                            path: out.clone(),
                            with_names: false,
                        })
                    })
                })
            },
        );
    }
    // What a frame of the same view costs with nothing to do: the edit's
    // own share is the difference.
    {
        let mut h = window(&db);
        h.run();
        g.bench_function("frame with nothing to do", |b| b.iter(|| h.step()));
    }
    // The edit's own write, without the window.
    {
        let mut store = Store::open(&db).unwrap();
        g.bench_function("write the edit (Store::update_carer)", |b| {
            b.iter(|| {
                n += 1;
                carer.name = format!("Household renamed {n}");
                store.update_carer(&carer, SAMPLE_AS_AT).unwrap()
            })
        });
    }
    let store = Store::open_read_only(&db).unwrap();
    g.bench_function("read the records again (Records::load)", |b| {
        b.iter(|| Records::load(&store, SAMPLE_AS_AT, 1).unwrap())
    });
    // After a change the window reads again only what the change touched
    // (Command::touches) and carries the rest over from the records shown.
    let before = std::sync::Arc::new(Records::load(&store, SAMPLE_AS_AT, 1).unwrap());
    let renamed = {
        let mut c = county.carers[0].clone();
        c.name = "Household renamed".into();
        Command::UpdateCarer(c)
    };
    let referral = Command::AddReferral(placement_planner::model::Referral {
        id: 0,
        child_id: county.children[0].id.clone(),
        received: SAMPLE_AS_AT,
        sibling_group_size: 1,
        disability: false,
        specialisms_needed: vec![],
        must_stay_near_home: false,
        risk_flags: String::new(),
        urgency: placement_planner::model::Urgency::Planned,
        latest_start: SAMPLE_AS_AT,
        notes: String::new(),
    });
    for (label, command) in [
        (
            "read the records again after a carer renamed (carers only)",
            &renamed,
        ),
        (
            "read the records again after a referral (no county table)",
            &referral,
        ),
    ] {
        let touched = command.touches(&before);
        g.bench_function(label, |b| {
            b.iter(|| {
                let reuse = Reuse {
                    previous: Some(std::sync::Arc::clone(&before)),
                    touched,
                };
                Records::load_reusing(&store, SAMPLE_AS_AT, 1, reuse).unwrap()
            })
        });
    }
    g.finish();
}

fn window_edit(c: &mut Criterion) {
    bench_county(c, "sample county", &generate(DEFAULT_SEED), 20);
    bench_county(c, "national", &national(), 10);
}

criterion_group!(benches, window_edit);
criterion_main!(benches);
