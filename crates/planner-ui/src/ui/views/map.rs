//! The map: the county outline, where children looked after live (plotted by
//! home postcode, never named), carer households and residential homes
//! coloured by sector, drawn offline with egui_plot in OSGB grid kilometres
//! (no tile server). Choosing a child draws the 20-mile ring around their
//! home and the line to their placement.
//!
//! The point series are built once per records generation and filter
//! setting; a frame only hands borrowed slices to the plot.

use super::super::app::ViewContext;
use super::super::records::Records;
use crate::geography::AreaStatus;
use crate::model::{format_uk_date, CarerSector, CarerStatus, GridRef, HomeSector};
use crate::sufficiency::ChildFacts;
use egui::Color32;
use egui_plot::{HoverPosition, Line, LineStyle, MarkerShape, Plot, PlotPoint, PlotPoints, Points};

/// DfE's kilometres per mile.
const KM_PER_MILE: f64 = 1.6093;
/// The 20-mile ring's radius in km.
const RING_KM: f64 = 20.0 * KM_PER_MILE;
const RING_SEGMENTS: usize = 128;
/// Space left around the county when fitting the view.
const PAD_KM: f64 = 25.0;
/// How near (in screen points) a click must be to pick a child.
const CLICK_RADIUS: f32 = 10.0;

const CHILD_COLOUR: Color32 = Color32::from_rgb(150, 150, 150);
const IN_HOUSE_COLOUR: Color32 = Color32::from_rgb(60, 130, 235);
const IFA_COLOUR: Color32 = Color32::from_rgb(240, 140, 30);
const KINSHIP_COLOUR: Color32 = Color32::from_rgb(50, 170, 80);
const OWN_HOME_COLOUR: Color32 = Color32::from_rgb(0, 170, 180);
const PRIVATE_HOME_COLOUR: Color32 = Color32::from_rgb(220, 50, 60);
const VOLUNTARY_HOME_COLOUR: Color32 = Color32::from_rgb(160, 90, 210);
const SELECTED_COLOUR: Color32 = Color32::from_rgb(230, 180, 0);

/// What the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapFilters {
    pub children: bool,
    pub in_house: bool,
    pub ifa: bool,
    pub kinship: bool,
    pub own_homes: bool,
    pub private_homes: bool,
    pub voluntary_homes: bool,
    /// Only carers and homes with at least one vacant place or bed.
    pub vacancy_only: bool,
}

impl Default for MapFilters {
    fn default() -> Self {
        MapFilters {
            children: true,
            in_house: true,
            ifa: true,
            kinship: true,
            own_homes: true,
            private_homes: true,
            voluntary_homes: true,
            vacancy_only: false,
        }
    }
}

impl MapFilters {
    fn shows_carer(&self, s: CarerSector) -> bool {
        match s {
            CarerSector::InHouse => self.in_house,
            CarerSector::Ifa => self.ifa,
            CarerSector::Kinship => self.kinship,
        }
    }

    fn shows_home(&self, s: HomeSector) -> bool {
        match s {
            HomeSector::OwnCouncil => self.own_homes,
            HomeSector::Private => self.private_homes,
            HomeSector::Voluntary => self.voluntary_homes,
        }
    }
}

/// One named set of markers, with a hover text per point.
struct Series {
    name: &'static str,
    color: Color32,
    shape: MarkerShape,
    radius: f32,
    points: Vec<PlotPoint>,
    tips: Vec<String>,
    /// For children: the references of the children at each point.
    children: Vec<Vec<String>>,
}

impl Series {
    fn new(name: &'static str, color: Color32, shape: MarkerShape, radius: f32) -> Series {
        Series {
            name,
            color,
            shape,
            radius,
            points: Vec::new(),
            tips: Vec::new(),
            children: Vec::new(),
        }
    }
}

/// Everything drawn that depends only on the records and the filters.
struct Built {
    key: (u64, MapFilters),
    /// Boundary rings and holes, closed, in km.
    outline: Vec<Vec<PlotPoint>>,
    series: Vec<Series>,
    /// The default view: (min x, min y, max x, max y) in km.
    fit: [f64; 4],
    children_shown: usize,
    children_unlocated: usize,
    carers_shown: usize,
    homes_shown: usize,
}

/// The chosen child's ring and line, and the words under the map.
struct Selected {
    key: (u64, String),
    caption: String,
    ring: Vec<PlotPoint>,
    link: Vec<PlotPoint>,
    home: Option<PlotPoint>,
    placement: Option<PlotPoint>,
}

#[derive(Default)]
pub struct MapView {
    pub filters: MapFilters,
    /// What is typed in the "Child reference" field.
    pub child_text: String,
    built: Option<Built>,
    selected: Option<Selected>,
    /// Set by "Fit county": the next frame resets the view.
    fit_next: bool,
    /// The default view last shown, to refit when another database opens.
    last_fit: Option<[f64; 4]>,
}

fn km(g: GridRef) -> PlotPoint {
    PlotPoint::new(
        f64::from(g.easting) / 1000.0,
        f64::from(g.northing) / 1000.0,
    )
}

fn yes_no(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not known",
    }
}

fn area_words(a: AreaStatus) -> &'static str {
    match a {
        AreaStatus::Inside => "in area",
        AreaStatus::Outside => "out of area",
        AreaStatus::Unknown => "area not known",
    }
}

fn miles_words(d: Option<f64>) -> String {
    d.map_or_else(|| "not known".to_string(), |m| format!("{m:.1} miles"))
}

fn child_tip(f: &ChildFacts, as_at: jiff::civil::Date) -> String {
    let placement = match f.category {
        Some(c) => c.label().to_string(),
        None => format!("none on {}", format_uk_date(as_at)),
    };
    format!(
        "Child {}, age {}\nPlacement: {}\nDistance to placement: {}\nWithin 20 miles: {}\nPlacement area: {}",
        f.child_id,
        f.age,
        placement,
        miles_words(f.distance_miles),
        yes_no(f.within_20_miles),
        area_words(f.area),
    )
}

fn build(r: &Records, filters: MapFilters) -> Built {
    let mut children = Series::new(
        "Children (home postcode)",
        CHILD_COLOUR,
        MarkerShape::Circle,
        2.5,
    );
    let mut in_house = Series::new(
        "In-house carers",
        IN_HOUSE_COLOUR,
        MarkerShape::Diamond,
        4.0,
    );
    let mut ifa = Series::new("IFA carers", IFA_COLOUR, MarkerShape::Diamond, 4.0);
    let mut kinship = Series::new("Kinship carers", KINSHIP_COLOUR, MarkerShape::Diamond, 4.0);
    let mut own = Series::new(
        "Own council homes",
        OWN_HOME_COLOUR,
        MarkerShape::Square,
        5.0,
    );
    let mut private = Series::new(
        "Private homes",
        PRIVATE_HOME_COLOUR,
        MarkerShape::Square,
        5.0,
    );
    let mut voluntary = Series::new(
        "Voluntary homes",
        VOLUNTARY_HOME_COLOUR,
        MarkerShape::Square,
        5.0,
    );

    // Every located thing, whatever the filters, for the default view when
    // there is no boundary.
    let mut all: Vec<PlotPoint> = Vec::new();

    // Children: one point per home location, siblings sharing it listed
    // together.
    let mut children_unlocated = 0;
    let mut children_shown = 0;
    let mut at: std::collections::HashMap<GridRef, usize> = std::collections::HashMap::new();
    for f in &r.facts {
        let Some(g) = f.home_grid else {
            children_unlocated += 1;
            continue;
        };
        all.push(km(g));
        if !filters.children {
            continue;
        }
        children_shown += 1;
        let tip = child_tip(f, r.as_at);
        match at.get(&g) {
            Some(&i) => {
                children.tips[i].push_str("\n\n");
                children.tips[i].push_str(&tip);
                children.children[i].push(f.child_id.clone());
            }
            None => {
                at.insert(g, children.points.len());
                children.points.push(km(g));
                children.tips.push(tip);
                children.children.push(vec![f.child_id.clone()]);
            }
        }
    }
    for (i, ids) in children.children.iter().enumerate() {
        let tail = if ids.len() > 1 {
            format!(
                "\n\n{} children at this home postcode.\nClick to show a ring; click again for the next child.",
                ids.len()
            )
        } else {
            "\nClick to show the 20-mile ring.".to_string()
        };
        children.tips[i].push_str(&tail);
    }

    let mut carers_shown = 0;
    for c in &r.carers {
        if c.status == CarerStatus::Resigned || !c.is_approved_on(r.as_at) {
            continue;
        }
        let Some(g) = c.location.or_else(|| r.grid_of(c.postcode.as_ref())) else {
            continue;
        };
        all.push(km(g));
        let o = r.carer_occupancy.get(&c.id).copied().unwrap_or_default();
        if !filters.shows_carer(c.sector) || (filters.vacancy_only && o.vacant() == 0) {
            continue;
        }
        carers_shown += 1;
        let series = match c.sector {
            CarerSector::InHouse => &mut in_house,
            CarerSector::Ifa => &mut ifa,
            CarerSector::Kinship => &mut kinship,
        };
        let agency = c
            .agency
            .as_deref()
            .filter(|a| !a.trim().is_empty())
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        let on_hold = if c.status == CarerStatus::OnHold {
            "\nOn hold: offering no places"
        } else {
            ""
        };
        series.points.push(km(g));
        series.tips.push(format!(
            "{} ({})\n{} carer household{agency}\n{} approved places, {} filled, {} vacant{on_hold}\nAges {} to {}\n{} a week",
            c.name,
            c.id,
            c.sector.label(),
            c.approved_places,
            o.filled,
            o.vacant(),
            c.age_min,
            c.age_max,
            c.weekly_cost.to_pounds_string(),
        ));
    }

    let mut homes_shown = 0;
    for h in &r.homes {
        if !h.is_open_on(r.as_at) {
            continue;
        }
        let Some(g) = h.location.or_else(|| r.grid_of(h.postcode.as_ref())) else {
            continue;
        };
        all.push(km(g));
        let o = r.home_occupancy.get(&h.id).copied().unwrap_or_default();
        if !filters.shows_home(h.sector) || (filters.vacancy_only && o.vacant() == 0) {
            continue;
        }
        homes_shown += 1;
        let series = match h.sector {
            HomeSector::OwnCouncil => &mut own,
            HomeSector::Private => &mut private,
            HomeSector::Voluntary => &mut voluntary,
        };
        series.points.push(km(g));
        series.tips.push(format!(
            "{} ({})\n{} children's home, {}\n{} registered beds, {} filled, {} vacant\nAges {} to {}\n{} a week per bed",
            h.name,
            h.id,
            h.sector.label(),
            h.provider,
            h.registered_beds,
            o.filled,
            o.vacant(),
            h.age_min,
            h.age_max,
            h.weekly_cost_per_bed.to_pounds_string(),
        ));
    }

    let mut outline: Vec<Vec<PlotPoint>> = Vec::new();
    let fit = match &r.boundary {
        Some(b) => {
            for ring in b.rings().into_iter().chain(b.holes()) {
                outline.push(ring.into_iter().map(km).collect());
            }
            let (sw, ne) = b.bbox();
            let (sw, ne) = (km(sw), km(ne));
            [sw.x, sw.y, ne.x, ne.y]
        }
        None if !all.is_empty() => all.iter().fold(
            [f64::MAX, f64::MAX, f64::MIN, f64::MIN],
            |[a, b, c, d], p| [a.min(p.x), b.min(p.y), c.max(p.x), d.max(p.y)],
        ),
        // Nothing to show: England and Wales on the grid.
        None => [100.0, 0.0, 700.0, 700.0],
    };
    let fit = [
        fit[0] - PAD_KM,
        fit[1] - PAD_KM,
        fit[2] + PAD_KM,
        fit[3] + PAD_KM,
    ];

    Built {
        key: (r.generation, filters),
        outline,
        // Drawn in this order: children last so they sit on top.
        series: vec![in_house, ifa, kinship, own, private, voluntary, children],
        fit,
        children_shown,
        children_unlocated,
        carers_shown,
        homes_shown,
    }
}

/// The chosen child's caption and drawing, or why there is none.
fn select(r: &Records, wanted: &str) -> Selected {
    let key = (r.generation, wanted.to_string());
    let empty = |caption: String| Selected {
        key: key.clone(),
        caption,
        ring: Vec::new(),
        link: Vec::new(),
        home: None,
        placement: None,
    };
    let Some(f) = r
        .facts
        .iter()
        .find(|f| f.child_id.eq_ignore_ascii_case(wanted))
    else {
        let known = r.children.iter().any(|c| c.id.eq_ignore_ascii_case(wanted));
        return empty(if known {
            format!(
                "{wanted} was not looked after on {}.",
                format_uk_date(r.as_at)
            )
        } else {
            format!("No child with the reference {wanted}.")
        });
    };
    let caption = match f.distance_miles {
        Some(d) => format!(
            "{}: {d:.1} miles to placement ({}); {}.",
            f.child_id,
            area_words(f.area),
            match f.within_20_miles {
                Some(true) => "within 20 miles",
                Some(false) => "over 20 miles",
                None => "within 20 miles not known",
            }
        ),
        None => {
            let why = if f.not_known_reasons.is_empty() {
                String::new()
            } else {
                format!(": {}", f.not_known_reasons.join("; "))
            };
            format!(
                "{}: distance to placement not known{why} ({}).",
                f.child_id,
                area_words(f.area)
            )
        }
    };
    let home = f.home_grid.map(km);
    let placement = f.placement_grid.map(km);
    let ring = home.map_or_else(Vec::new, |c| {
        (0..=RING_SEGMENTS)
            .map(|i| {
                let a = i as f64 / RING_SEGMENTS as f64 * std::f64::consts::TAU;
                PlotPoint::new(c.x + RING_KM * a.cos(), c.y + RING_KM * a.sin())
            })
            .collect()
    });
    let link = match (home, placement) {
        (Some(h), Some(p)) => vec![h, p],
        _ => Vec::new(),
    };
    Selected {
        key,
        caption,
        ring,
        link,
        home,
        placement,
    }
}

/// A small picture of how something is drawn on the map.
#[derive(Clone, Copy)]
enum Swatch {
    Marker(MarkerShape, Color32),
    /// Colour, dashed.
    Line(Color32, bool),
}

fn paint_swatch(ui: &mut egui::Ui, swatch: Swatch) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(16.0, 14.0), egui::Sense::hover());
    let c = rect.center();
    let p = ui.painter();
    match swatch {
        Swatch::Marker(MarkerShape::Square, col) => {
            p.rect_filled(
                egui::Rect::from_center_size(c, egui::vec2(9.0, 9.0)),
                0.0,
                col,
            );
        }
        Swatch::Marker(MarkerShape::Diamond, col) => {
            let r = 5.5;
            p.add(egui::Shape::convex_polygon(
                vec![
                    c + egui::vec2(0.0, -r),
                    c + egui::vec2(r, 0.0),
                    c + egui::vec2(0.0, r),
                    c + egui::vec2(-r, 0.0),
                ],
                col,
                egui::Stroke::NONE,
            ));
        }
        Swatch::Marker(_, col) => {
            p.circle_filled(c, 3.5, col);
        }
        Swatch::Line(col, dashed) => {
            let ends = [c - egui::vec2(7.0, 0.0), c + egui::vec2(7.0, 0.0)];
            let stroke = egui::Stroke::new(2.0, col);
            if dashed {
                p.extend(egui::Shape::dashed_line(&ends, stroke, 3.0, 2.0));
            } else {
                p.line_segment(ends, stroke);
            }
        }
    }
}

/// A filter checkbox with the marker it controls.
fn keyed_checkbox(ui: &mut egui::Ui, on: &mut bool, swatch: Swatch, text: &str) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        paint_swatch(ui, swatch);
        ui.checkbox(on, text);
    });
}

/// A legend entry that is not a filter.
fn key_item(ui: &mut egui::Ui, swatch: Swatch, text: &str) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        paint_swatch(ui, swatch);
        ui.label(text);
    });
}

fn tooltip(built: &Built, pos: &HoverPosition<'_>) -> Option<String> {
    match pos {
        HoverPosition::NearDataPoint {
            plot_name, index, ..
        } => built
            .series
            .iter()
            .find(|s| s.name == *plot_name)
            .and_then(|s| s.tips.get(*index))
            .cloned(),
        HoverPosition::Elsewhere { .. } => None,
    }
}

impl MapView {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        let r = ctx.records;
        let outline_colour = if ui.visuals().dark_mode {
            Color32::from_gray(200)
        } else {
            Color32::from_gray(60)
        };

        // The filters carry the map's markers, so the row is the legend too.
        ui.horizontal_wrapped(|ui| {
            ui.heading("Map");
            ui.separator();
            let f = &mut self.filters;
            keyed_checkbox(
                ui,
                &mut f.children,
                Swatch::Marker(MarkerShape::Circle, CHILD_COLOUR),
                "Children (home postcode)",
            );
            ui.separator();
            keyed_checkbox(
                ui,
                &mut f.in_house,
                Swatch::Marker(MarkerShape::Diamond, IN_HOUSE_COLOUR),
                "In-house carers",
            );
            keyed_checkbox(
                ui,
                &mut f.ifa,
                Swatch::Marker(MarkerShape::Diamond, IFA_COLOUR),
                "IFA carers",
            );
            keyed_checkbox(
                ui,
                &mut f.kinship,
                Swatch::Marker(MarkerShape::Diamond, KINSHIP_COLOUR),
                "Kinship carers",
            );
            ui.separator();
            keyed_checkbox(
                ui,
                &mut f.own_homes,
                Swatch::Marker(MarkerShape::Square, OWN_HOME_COLOUR),
                "Own council homes",
            );
            keyed_checkbox(
                ui,
                &mut f.private_homes,
                Swatch::Marker(MarkerShape::Square, PRIVATE_HOME_COLOUR),
                "Private homes",
            );
            keyed_checkbox(
                ui,
                &mut f.voluntary_homes,
                Swatch::Marker(MarkerShape::Square, VOLUNTARY_HOME_COLOUR),
                "Voluntary homes",
            );
            ui.separator();
            ui.checkbox(&mut f.vacancy_only, "Only with a vacancy");
        });
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("Child reference:");
            ui.add(
                egui::TextEdit::singleline(&mut self.child_text)
                    .hint_text("e.g. C0001")
                    .desired_width(90.0),
            )
            .labelled_by(l.id);
            if ui
                .add_enabled(!self.child_text.is_empty(), egui::Button::new("Clear"))
                .clicked()
            {
                self.child_text.clear();
            }
            ui.separator();
            let fit_label = if r.boundary.is_some() {
                "Fit county"
            } else {
                "Fit all"
            };
            if ui.button(fit_label).clicked() {
                self.fit_next = true;
            }
            ui.separator();
            if r.boundary.is_some() {
                key_item(ui, Swatch::Line(outline_colour, false), "County boundary");
            } else {
                match &r.boundary_error {
                    Some(e) => ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("The county boundary could not be read: {e}"),
                    ),
                    None => ui.label("No boundary set"),
                };
            }
        });
        ui.add_space(4.0);
        if r.boundary.is_none()
            && r.children.is_empty()
            && r.carers.is_empty()
            && r.homes.is_empty()
        {
            super::nothing_to_show_ui(
                ui,
                ctx,
                "Nothing to draw yet: no boundary is set and no children, carers or homes are \
                 recorded. Import the council boundary and the records (File > Import).",
            );
            return;
        }

        let key = (r.generation, self.filters);
        if self.built.as_ref().is_none_or(|b| b.key != key) {
            self.built = Some(build(r, self.filters));
        }
        let wanted = self.child_text.trim().to_string();
        if wanted.is_empty() {
            self.selected = None;
        } else if self
            .selected
            .as_ref()
            .is_none_or(|s| s.key != (r.generation, wanted.clone()))
        {
            self.selected = Some(select(r, &wanted));
        }

        let Some(built) = self.built.as_ref() else {
            return;
        };
        let fit = built.fit;
        let refit = self.fit_next || self.last_fit.is_some_and(|f| f != fit);
        self.fit_next = false;
        self.last_fit = Some(fit);

        // Leave room under the map for two lines of caption.
        let row = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        let height = (ui.available_height() - 2.0 * row - 8.0).max(200.0);

        let selected = self.selected.as_ref();
        // With fixed default bounds egui_plot keeps the x range and changes
        // the y range to hold the aspect, so widen x to the plot's shape
        // (over-estimating the shape slightly) for the whole box to show.
        let shape = ui.available_width() / (height - 50.0).max(100.0);
        let (x0, x1) = {
            let (w, h) = (fit[2] - fit[0], fit[3] - fit[1]);
            let w2 = w.max(h * f64::from(shape));
            let mid = (fit[0] + fit[2]) / 2.0;
            (mid - w2 / 2.0, mid + w2 / 2.0)
        };
        let mut plot = Plot::new("county_map")
            .height(height)
            .data_aspect(1.0)
            .x_axis_label("km east")
            .y_axis_label("km north")
            .default_x_bounds(x0, x1)
            .default_y_bounds(fit[1], fit[3])
            .show_crosshair(false)
            .label_formatter(|pos| tooltip(built, pos));
        if refit {
            plot = plot.reset();
        }
        let response = plot.show(ui, |plot_ui| {
            for ring in &built.outline {
                plot_ui.line(
                    Line::new("County boundary", PlotPoints::Borrowed(ring))
                        .color(outline_colour)
                        .width(1.5)
                        .allow_hover(false),
                );
            }
            for s in built.series.iter().filter(|s| !s.points.is_empty()) {
                plot_ui.points(
                    Points::new(s.name, PlotPoints::Borrowed(&s.points))
                        .color(s.color)
                        .shape(s.shape)
                        .radius(s.radius)
                        .filled(true),
                );
            }
            if let Some(sel) = selected {
                if !sel.ring.is_empty() {
                    plot_ui.line(
                        Line::new("20-mile ring", PlotPoints::Borrowed(&sel.ring))
                            .color(SELECTED_COLOUR)
                            .width(2.0)
                            .style(LineStyle::dashed_loose())
                            .allow_hover(false),
                    );
                }
                if !sel.link.is_empty() {
                    plot_ui.line(
                        Line::new("Home to placement", PlotPoints::Borrowed(&sel.link))
                            .color(SELECTED_COLOUR)
                            .width(2.5)
                            .allow_hover(false),
                    );
                }
                if let Some(h) = sel.home {
                    plot_ui.points(
                        Points::new("Chosen child's home", vec![[h.x, h.y]])
                            .color(SELECTED_COLOUR)
                            .shape(MarkerShape::Circle)
                            .radius(6.0)
                            .filled(false)
                            .allow_hover(false),
                    );
                }
                if let Some(p) = sel.placement {
                    plot_ui.points(
                        Points::new("Placement", vec![[p.x, p.y]])
                            .color(SELECTED_COLOUR)
                            .shape(MarkerShape::Asterisk)
                            .radius(7.0)
                            .allow_hover(false),
                    );
                }
            }
        });

        // A click near a child's point chooses that child (the next one at
        // the same postcode on a second click).
        let mut picked: Option<String> = None;
        if response.response.clicked() {
            if let Some(pointer) = response.response.interact_pointer_pos() {
                let current = self.selected.as_ref().map(|s| s.key.1.clone());
                let nearest = built
                    .series
                    .iter()
                    .filter(|s| !s.children.is_empty())
                    .flat_map(|s| s.points.iter().zip(&s.children))
                    .map(|(p, ids)| {
                        let d = response.transform.position_from_point(p).distance(pointer);
                        (d, ids)
                    })
                    .filter(|(d, _)| *d <= CLICK_RADIUS)
                    .min_by(|a, b| a.0.total_cmp(&b.0));
                if let Some((_, ids)) = nearest {
                    let next = current
                        .and_then(|c| ids.iter().position(|id| id.eq_ignore_ascii_case(&c)))
                        .map_or(0, |i| (i + 1) % ids.len());
                    picked = Some(ids[next].clone());
                }
            }
        }

        ui.add_space(4.0);
        match &self.selected {
            Some(sel) => {
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(&sel.caption).strong());
                    if !sel.ring.is_empty() {
                        ui.separator();
                        key_item(
                            ui,
                            Swatch::Line(SELECTED_COLOUR, true),
                            "20 miles from home",
                        );
                    }
                    if !sel.link.is_empty() {
                        key_item(
                            ui,
                            Swatch::Line(SELECTED_COLOUR, false),
                            "Home to placement",
                        );
                    }
                });
            }
            None => {
                ui.label(
                    "Type a child reference or click a child's point to draw the 20-mile ring and the line to the placement.",
                );
            }
        }
        let unlocated = if self.filters.children && built.children_unlocated > 0 {
            format!(
                " ({} more with no known home location)",
                built.children_unlocated
            )
        } else {
            String::new()
        };
        ui.label(format!(
            "Showing {} children looked after{unlocated}, {} carer households and {} homes as at {}. Hover a point for details; drag to move, Ctrl+scroll to zoom, double-click to fit.",
            built.children_shown,
            built.carers_shown,
            built.homes_shown,
            format_uk_date(r.as_at),
        ));

        if let Some(id) = picked {
            self.child_text = id;
        }
    }
}
