//! One module per program, each a definition taken from its seed notice.

pub mod cq_municipal;
mod national;
pub mod national_hightech;
pub mod national_service_demo;
pub mod national_social_pilot;
pub mod sh_municipal;
pub mod sx_provincial;

use crate::program::Rule;

/// The rules only the program `id` has, apart from its definition: a browser reads the
/// definition from the server (its texts and tables are data) but runs the rules itself
/// (they are code).
pub fn rules(id: &str) -> &'static [Rule] {
    match id {
        "national-social-pilot" => national_social_pilot::RULES,
        "sh-municipal" => sh_municipal::RULES,
        _ => &[],
    }
}
