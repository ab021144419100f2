//! The map: placeholder until the map view lands.

use super::super::app::ViewContext;

#[derive(Default)]
pub struct MapView {}

impl MapView {
    pub fn ui(&mut self, ui: &mut egui::Ui, _ctx: &mut ViewContext<'_>) {
        ui.heading("Map");
    }
}
