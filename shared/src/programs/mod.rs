//! The registry: one module per program, each a definition taken from its seed notice, and the
//! one table that lists them. Adding a program is a module beside these (its `ID`, `PROGRAM`,
//! `CONDITIONS` and `RULES`) and a line in the `registry!` table below.

mod build;
mod national;

use crate::program::{Condition, Definition, Program, Rule};

/// Generates, from the table of program modules, the list of programs and the two lookups by
/// id that must not pull the definitions in: a browser reads the definition from the server
/// (its texts and tables are data) but runs the rules itself (they are code), and never shows
/// the conditions. The lookups compare ids (consts), so neither references a `PROGRAM`.
macro_rules! registry {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every program this system knows, in the order the picker lists them.
        pub static PROGRAMS: &[&Program] = &[$(&$module::PROGRAM),*];

        /// The rules only the program `id` has, apart from its definition.
        pub fn rules(id: &str) -> &'static [Rule] {
            $(if id == $module::ID {
                return $module::RULES;
            })*
            &[]
        }

        /// The notice's eligibility conditions of the program `id` and how each is checked,
        /// kept out of [`Program`] so that the applicant's browser does not download them.
        pub fn conditions(id: &str) -> &'static [Condition] {
            $(if id == $module::ID {
                return $module::CONDITIONS;
            })*
            &[]
        }
    };
}

registry! {
    cq_municipal,
    sx_provincial,
    national_hightech,
    national_service_demo,
    national_social_pilot,
    sh_municipal,
}

/// The program with this id.
pub fn find(id: &str) -> Option<&'static Program> {
    PROGRAMS.iter().copied().find(|p| p.id == id)
}

impl Program {
    /// The notice's eligibility conditions and how each is checked (see [`conditions`]).
    pub fn conditions(&self) -> &'static [Condition] {
        conditions(self.id)
    }

    /// The full definition as the API gives it: the program and its conditions.
    pub fn definition(&'static self) -> Definition {
        Definition {
            program: self,
            conditions: conditions(self.id),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_programs_id_is_the_one_its_definition_carries() {
        for program in super::PROGRAMS {
            assert_eq!(super::find(program.id).map(|p| p.id), Some(program.id));
            assert!(!super::conditions(program.id).is_empty(), "{}", program.id);
        }
        assert_eq!(super::PROGRAMS.len(), 6);
    }
}
