//! The Reports view: the placement summary (CSV or Excel), the sufficiency
//! workbook and the committee summary, on the window's as-at date,
//! pseudonymised unless "include names" is ticked (the file name then says
//! so). Every file is written by `crate::export::write_report`, the same
//! function the command line calls.

use super::super::app::ViewContext;
use super::super::file_picker::FilePurpose;
use crate::export::ReportKind;
use crate::model::format_uk_date;

#[derive(Default)]
pub struct ReportsView {
    pub with_names: bool,
}

fn what_it_holds(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::PlacementSummaryCsv | ReportKind::PlacementSummaryXlsx => {
            "One row per child looked after: pseudonym, age band, placement category, \
             provider sector, miles from home, within 20 miles, in area, weekly cost."
        }
        ReportKind::SufficiencyWorkbook => {
            "For the sufficiency statement: headline measures against benchmarks with their \
             years, DfE's distance categories, the placement mix and spend, in-house vacancies \
             by age band, residential beds, and the data-quality list."
        }
        ReportKind::CommitteePdf => {
            "One or two pages for members: the headline measures against benchmarks, the \
             placement mix and spend, and a chart. Totals only, never names."
        }
    }
}

impl ReportsView {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        ui.heading("Reports");
        if ctx.records.counts.children == 0 {
            super::nothing_to_show_ui(
                ui,
                ctx,
                "There are no children in this database yet, so every report would be empty: \
                 import the SSDA903 returns (File > Import) or add children first.",
            );
            return;
        }
        ui.label(format!(
            "As at {} (change the date on the Dashboard). Files are pseudonymised: children \
             appear under a stable pseudonym, never by name, unless you tick the box below.",
            format_uk_date(ctx.records.as_at)
        ));
        if let Some(w) = ctx.records.report.data_end_warning() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{w} The workbook and the committee summary say so too."),
            );
        }
        ui.checkbox(
            &mut self.with_names,
            "Include names and the council's references (the file name will say WITH-NAMES)",
        );
        if self.with_names {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "These files will identify children. Keep them inside the council's secure \
                 systems.",
            );
        }
        ui.add_space(8.0);
        for kind in ReportKind::ALL {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width().min(900.0));
                ui.strong(kind.label());
                ui.label(what_it_holds(kind));
                let names = self.with_names && kind.can_include_names();
                let clicked = ui
                    .add_enabled(
                        ctx.records.counts.children > 0,
                        egui::Button::new(format!("Save {}…", kind.label())),
                    )
                    .on_disabled_hover_text("There are no children in this database yet")
                    .clicked();
                if clicked {
                    *ctx.file_request = Some(FilePurpose::ExportReport {
                        kind,
                        with_names: names,
                        as_at: ctx.records.as_at,
                    });
                }
            });
            ui.add_space(6.0);
        }
    }
}
