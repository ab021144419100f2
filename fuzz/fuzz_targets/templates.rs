//! The CSV templates (carers, homes, children). The first byte picks the
//! template, the rest is the file. A preview that succeeds is applied to a
//! fresh store, refusing rejected rows and then skipping them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planner_io::import::templates::{apply_template, preview_template, TemplateKind};
use planner_io::import::{Progress, RejectedRows};
use planner_store::store::Store;
use placement_planner_fuzz::{check_error, write};

thread_local! {
    static EMPTY: Store = Store::open_in_memory().unwrap();
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let kind = TemplateKind::ALL[usize::from(which) % TemplateKind::ALL.len()];
    let name = format!("{}.csv", kind.name());
    let path = write(&name, bytes);
    let preview = EMPTY.with(|store| preview_template(kind, &path, store, &Progress::new()));
    let plan = match preview {
        Ok(plan) => plan,
        Err(e) => return check_error(&e, &name),
    };
    assert_eq!(
        plan.rows.len(),
        plan.summary.to_add + plan.summary.to_update + plan.summary.unchanged
    );
    let mut store = Store::open_in_memory().unwrap();
    for rejected in [RejectedRows::Refuse, RejectedRows::Skip] {
        if let Err(e) = apply_template(&mut store, &plan, rejected, &Progress::new()) {
            check_error(&e, &name);
        }
    }
});
