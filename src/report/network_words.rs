//! The words of a network's decision summary, in both languages: where a policy's
//! changes matter (`places.rs`) and the site × KPI and zone × KPI views of the
//! report. One block, so that a move of the words to another module is one move.

use super::lang::Lang;

pub(super) struct PlaceWords {
    /// Before the places on the planner's screen and in the report's summary.
    pub places: &'static str,
    /// The places not named (`{count}`).
    pub more_places: &'static str,
    /// The same in the report, whose views follow.
    pub more_places_below: &'static str,
    /// The decision summary's note on the places.
    pub places_note: &'static str,
    /// The heading of a policy's view of its sites (`{policy}`, `{baseline}`).
    pub sites_view: &'static str,
    /// The heading of a policy's view of its zones.
    pub zones_view: &'static str,
    pub site: &'static str,
    pub zone: &'static str,
    /// Under a view: how it is read and (`{more}`) what it leaves out.
    pub view_note: &'static str,
    /// The rows a view leaves out (`{count}`, `{what}`: sites or zones).
    pub view_more: &'static str,
    pub sites: &'static str,
    pub zones: &'static str,
    /// Rows of sites and zones a large network's report does not inline (`{count}`,
    /// `{source}`: the table or command that has them).
    pub not_inlined: &'static str,
    /// A chart's places when it draws only the largest (`{shown}`, `{total}`).
    pub busiest_of: &'static str,
}

pub(super) fn place_words(lang: Lang) -> &'static PlaceWords {
    match lang {
        Lang::En => &PlaceWords {
            places: "where",
            more_places: "{count} more sites and zones in report.html",
            more_places_below: "{count} more sites and zones below",
            places_note: "In a network, \"where\" names the sites and zones whose own KPIs change by the same rules, each with its largest change (baseline → policy), largest first; the views below each policy's sentence show them against the baseline.",
            sites_view: "{policy}: sites against {baseline}",
            zones_view: "{policy}: zones against {baseline}",
            site: "site",
            zone: "zone",
            view_note: "Difference from the baseline (± half the 95% CI) of the KPIs that change somewhere, the places with the largest change first; colours as in the matrix above.{more}",
            view_more: " {count} more {what} change; summary.csv has every site's and zone's values under every policy.",
            sites: "sites",
            zones: "zones",
            not_inlined: "{count} rows of single sites and zones are not shown here: {source} has them.",
            busiest_of: "the {shown} busiest of {total}",
        },
        Lang::Id => &PlaceWords {
            places: "di mana",
            more_places: "{count} unit layanan dan wilayah lain di report.html",
            more_places_below: "{count} unit layanan dan wilayah lain di bawah",
            places_note: "Dalam jaringan, \"di mana\" menyebut unit layanan dan wilayah yang indikatornya sendiri berubah menurut aturan yang sama, masing-masing dengan perubahan terbesarnya (dasar → kebijakan), terbesar dahulu; tabel di bawah kalimat tiap kebijakan menampilkannya terhadap dasar.",
            sites_view: "{policy}: unit layanan terhadap {baseline}",
            zones_view: "{policy}: wilayah terhadap {baseline}",
            site: "unit layanan",
            zone: "wilayah",
            view_note: "Selisih terhadap dasar (± setengah SK 95%) pada indikator yang berubah di suatu tempat, tempat dengan perubahan terbesar dahulu; warna seperti pada matriks di atas.{more}",
            view_more: " {count} {what} lain berubah; summary.csv memuat nilai setiap unit layanan dan wilayah pada setiap kebijakan.",
            sites: "unit layanan",
            zones: "wilayah",
            not_inlined: "{count} baris unit layanan dan wilayah tidak ditampilkan di sini: {source} memuatnya.",
            busiest_of: "{shown} tersibuk dari {total}",
        },
    }
}
