//! One module per program, each a definition taken from its seed notice.

pub mod cq_municipal;
mod national;
pub mod national_hightech;
pub mod national_service_demo;
pub mod national_social_pilot;
pub mod sh_municipal;
pub mod sx_provincial;
