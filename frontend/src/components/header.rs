//! The form's header: the program, the call it answers and its deadline, how the paper goes in,
//! and whom to ask.

use shared::Program;
use shared::date::spoken;
use yew::prelude::*;

use crate::model::{Call, sentence};

/// How the paper goes in: the call's own words where the server gave them (the 晋城 call asks
/// for 一式5份 where the form says 4), else the program's.
pub fn hand_in(program: &Program, call: Option<&Call>) -> String {
    let h = &program.hand_in;
    call.and_then(|c| c.hand_in.clone())
        .unwrap_or_else(|| sentence([h.copies, h.paper, h.to]))
}

fn call_banner(call: &Call) -> Html {
    let closed = call.state != "open";
    html! {
        <div Class={if closed { "pf-call pf-call-closed" } else { "pf-call" }} id="pf-call">
            <p class="pf-call-title">{ call.title.clone() }</p>
            <p>{ match (&call.closes_at, call.state.as_str()) {
                (Some(closes), "closed") => format!("本批次申报已于{}截止，不再受理。", spoken(closes)),
                (_, "upcoming") => match &call.opens_at {
                    Some(opens) => format!("本批次申报将于{}开始受理。", spoken(opens)),
                    None => "本批次申报的受理时间尚未公布。".to_owned(),
                },
                (Some(closes), _) => format!("申报截止时间：{}前（北京时间）", spoken(closes)),
                (None, _) => "本批次不设截止时间。".to_owned(),
            } }</p>
            if !call.units.is_empty() {
                <p>{ format!("受理单位：{}", call.units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join("、")) }</p>
            }
        </div>
    }
}

pub fn view(program: &Program, call: Option<&Call>, app: &shared::Application) -> Html {
    html! {
        <header class="pf-header">
            <h1>{ program.title }</h1>
            if !program.issuer.is_empty() {
                <p class="pf-authority">{ program.issuer }</p>
            }
            <p class="pf-description">{ program.description }</p>
            { for call.map(call_banner) }
            <p class="pf-hand-in">{ hand_in(program, call) }</p>
            { for program.contacts_for(app).map(|c| {
                let mut line = format!("咨询：{}", c.name);
                for (what, value) in [("电话", c.phone), ("电子邮箱", c.email), ("地址", c.address)] {
                    if !value.is_empty() {
                        line = line + "，" + what + " " + value;
                    }
                }
                html! { <p class="pf-contact">{ line }</p> }
            }) }
        </header>
    }
}
