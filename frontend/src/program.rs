//! A program's definition as the server sends it with its calls (`GET /api/v1/form`), read into
//! the `shared::Program` that the form renders and the rules check. The definitions are data:
//! compiled into the wasm, all six programs' texts and tables cost every applicant about 9 kB
//! gzip (measured: leaving five of them out saved 7.4 kB), while each applicant fills in one
//! program. Their rules are code and stay in the wasm
//! (`shared::programs::rules`). The JSON is `shared::Program`'s own serialization, so the server
//! and this reader describe one definition; a wasm test reads every program back and compares.

use std::cell::RefCell;

use js_sys::{Array, Reflect};
use shared::program::{
    Attachment, Choice, Column, Cover, Declaration, Domain, FieldSpec, HandIn, Instructions, Item,
    Limits, Need, PlanSpec, ProgramContact, Section, Sheet, Show, Slot, Stage, TermBounds, When,
};
use shared::{Field, Program};
use wasm_bindgen::{JsCast, JsValue};

/// The definitions read on this page, and every program's `(id, title)`.
#[derive(Default)]
struct Known {
    read: Vec<&'static Program>,
    titles: Vec<(String, String)>,
}

thread_local! {
    static READ: RefCell<Known> = RefCell::default();
}

/// A definition read on this page (or, rendering on the server, compiled into it).
pub fn find(id: &str) -> Option<&'static Program> {
    let read = READ.with(|r| r.borrow().read.iter().copied().find(|p| p.id == id));
    #[cfg(feature = "ssr")]
    let read = read.or_else(|| shared::programs::find(id));
    read
}

/// The title of any program the server offers, read or not.
pub fn title(id: &str) -> Option<String> {
    READ.with(|r| {
        r.borrow()
            .titles
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, t)| t.clone())
    })
}

/// Every program the server offers, as its answer for the form lists them.
pub fn know_titles(programs: &[(String, String)]) {
    READ.with(|r| r.borrow_mut().titles = programs.to_vec());
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn absent(v: &JsValue) -> bool {
    v.is_null() || v.is_undefined()
}

/// A definition is read once and then borrowed by every render for the page's life, as the
/// server borrows the definitions compiled into it: hence `'static`, by leaking.
fn keep(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn text(v: &JsValue, key: &str) -> Option<&'static str> {
    get(v, key).as_string().map(keep)
}

/// `null` is `Some(None)`; a value of another type is `None`.
fn maybe<T>(v: &JsValue, key: &str, read: fn(&JsValue) -> Option<T>) -> Option<Option<T>> {
    let value = get(v, key);
    if absent(&value) {
        Some(None)
    } else {
        read(&value).map(Some)
    }
}

fn flag(v: &JsValue, key: &str) -> Option<bool> {
    get(v, key).as_bool()
}

fn number(v: &JsValue, key: &str) -> Option<i32> {
    get(v, key).as_f64().map(|n| n as i32)
}

/// A plain loop over a function pointer: iterator adapters and closures would each add their
/// own copy of this code per item type (measured: 15 kB of wasm before, for this module).
fn list<T>(v: &JsValue, key: &str, item: fn(&JsValue) -> Option<T>) -> Option<&'static [T]> {
    items(get(v, key), item)
}

/// The items of an array, each read by `item`.
fn items<T>(v: JsValue, item: fn(&JsValue) -> Option<T>) -> Option<&'static [T]> {
    let array = v.dyn_into::<Array>().ok()?;
    let mut items = Vec::with_capacity(array.length() as usize);
    for i in 0..array.length() {
        items.push(item(&array.get(i))?);
    }
    Some(Box::leak(items.into_boxed_slice()))
}

fn string(v: &JsValue) -> Option<&'static str> {
    v.as_string().map(keep)
}

fn texts(v: &JsValue, key: &str) -> Option<&'static [&'static str]> {
    list(v, key, string)
}

fn field(v: &JsValue, key: &str) -> Option<Field> {
    Field::at(&get(v, key).as_string()?)
}

fn when(v: &JsValue) -> Option<Option<When>> {
    maybe(v, "when", |w| {
        Some(When {
            field: field(w, "field")?,
            equals: text(w, "equals")?,
        })
    })
}

fn choice(v: &JsValue) -> Option<Choice> {
    Some(Choice {
        value: text(v, "value")?,
        label: text(v, "label")?,
    })
}

fn cover(v: &JsValue) -> Option<Cover> {
    let label = text(v, "label")?;
    Some(match get(v, "type").as_string()?.as_str() {
        "field" => Cover::Field {
            label,
            field: field(v, "field")?,
        },
        "term" => Cover::Term { label },
        _ => return None,
    })
}

fn domain(v: &JsValue) -> Option<Domain> {
    Some(Domain {
        name: text(v, "name")?,
        sub_areas: texts(v, "sub_areas")?,
        open: flag(v, "open")?,
        pilot_only: flag(v, "pilot_only")?,
        form_title: text(v, "form_title")?,
    })
}

fn item(v: &JsValue) -> Option<Item> {
    Some(match get(v, "type").as_string()?.as_str() {
        "field" => Item::Field(FieldSpec {
            field: field(v, "key")?,
            label: text(v, "label")?,
            hint: text(v, "hint")?,
            required: flag(v, "required")?,
            min: maybe(v, "min", JsValue::as_f64)?.map(|n| n as u32),
            when: when(v)?,
            supplementary: flag(v, "supplementary")?,
        }),
        "plan" => Item::Plan,
        "declarations" => Item::Declarations,
        "standards" => Item::Standards,
        "participants" => Item::Participants,
        "attachments" => Item::Attachments,
        _ => return None,
    })
}

fn section(v: &JsValue) -> Option<Section> {
    Some(Section {
        title: text(v, "title")?,
        items: list(v, "items", item)?,
    })
}

fn slot(v: &JsValue) -> Option<Slot> {
    Some(Slot {
        label: text(v, "label")?,
        show: Show::parse(&get(v, "show").as_string()?, keep)?,
        guide: text(v, "guide")?,
    })
}

fn row(v: &JsValue) -> Option<&'static [Slot]> {
    items(v.clone(), slot)
}

fn sheet(v: &JsValue) -> Option<Sheet> {
    Some(Sheet {
        title: text(v, "title")?,
        note: text(v, "note")?,
        rows: list(v, "rows", row)?,
    })
}

/// An opinion block as the form words it (the server adds its key and label, for others).
fn opinion_block(v: &JsValue) -> Option<&'static str> {
    text(v, "text")
}

fn plan(v: &JsValue) -> Option<PlanSpec> {
    Some(match get(v, "layout").as_string()?.as_str() {
        "stages" => PlanSpec::Stages {
            stages: list(v, "stages", stage)?,
        },
        "rows" => PlanSpec::Rows {
            stage: flag(v, "stage")?,
            kinds: texts(v, "kinds")?,
            responsible: match text(v, "responsible")? {
                "required" => Column::Required,
                "optional" => Column::Optional,
                _ => Column::Absent,
            },
        },
        _ => return None,
    })
}

fn stage(v: &JsValue) -> Option<Stage> {
    Some(Stage {
        name: text(v, "name")?,
        hint: text(v, "hint")?,
    })
}

fn attachment(v: &JsValue) -> Option<Attachment> {
    Some(Attachment {
        key: text(v, "key")?,
        label: text(v, "label")?,
        required: flag(v, "required")?,
    })
}

fn declaration(v: &JsValue) -> Option<Declaration> {
    Some(Declaration {
        key: text(v, "key")?,
        text: text(v, "text")?,
        when: when(v)?,
        supplementary: flag(v, "supplementary")?,
    })
}

fn need(v: &JsValue) -> Option<Need> {
    Some(match get(v, "of").as_string()?.as_str() {
        "none" => Need::None,
        "all" => Need::All,
        "subject" => Need::Subject(text(v, "when")?),
        _ => return None,
    })
}

fn contact(v: &JsValue) -> Option<ProgramContact> {
    Some(ProgramContact {
        domains: texts(v, "domains")?,
        cities: texts(v, "cities")?,
        name: text(v, "name")?,
        phone: text(v, "phone")?,
        email: text(v, "email")?,
        address: text(v, "address")?,
    })
}

/// Reads a definition (once per program: a second answer for it gives the first reading).
pub fn read(v: &JsValue) -> Option<&'static Program> {
    let id = get(v, "id").as_string()?;
    if let Some(known) = find(&id) {
        return Some(known);
    }
    let id = keep(id);
    let term = get(v, "term");
    let hand_in = get(v, "hand_in");
    let limits = get(v, "limits");
    let program = Program {
        id,
        title: text(v, "title")?,
        authority: text(v, "authority")?,
        description: text(v, "description")?,
        form_title: text(v, "form_title")?,
        issuer: text(v, "issuer")?,
        cover: list(v, "cover", cover)?,
        kinds: list(v, "kinds", choice)?,
        subject_kinds: list(v, "subject_kinds", choice)?,
        pilot_types: list(v, "pilot_types", choice)?,
        domains: list(v, "domains", domain)?,
        domains_suggested: flag(v, "domains_suggested")?,
        cities: texts(v, "cities")?,
        sections: list(v, "sections", section)?,
        plan: plan(&get(v, "plan"))?,
        declarations: list(v, "declarations", declaration)?,
        legal_person: need(&get(v, "legal_person"))?,
        accident_binds: need(&get(v, "accident_binds"))?,
        legal_person_need: text(v, "legal_person_need")?,
        term: TermBounds {
            max_months: maybe(&term, "max_months", |n| n.as_f64().map(|n| n as i32))?,
            usual_months: maybe(&term, "usual_months", |n| n.as_f64().map(|n| n as i32))?,
            least_months: number(&term, "least_months")?,
        },
        attachments: list(v, "attachments", attachment)?,
        area_code: maybe(v, "area_code", string)?,
        home_province: maybe(v, "home_province", string)?,
        region_min_percent: maybe(v, "region_min_percent", JsValue::as_f64)?.map(|n| n as u32),
        demonstration_verdict: maybe(v, "demonstration_verdict", string)?,
        prior_min_months: maybe(v, "prior_min_months", JsValue::as_f64)?.map(|n| n as i32),
        sheets: list(v, "sheets", sheet)?,
        opinion_blocks: list(v, "opinion_blocks", opinion_block)?,
        applicant_blocks: texts(v, "applicant_blocks")?,
        instructions: Instructions {
            title: text(&get(v, "instructions"), "title")?,
            items: texts(&get(v, "instructions"), "items")?,
        },
        contacts: list(v, "contacts", contact)?,
        hand_in: HandIn {
            copies: text(&hand_in, "copies")?,
            paper: text(&hand_in, "paper")?,
            to: text(&hand_in, "to")?,
        },
        limits: Limits {
            plan_rows: number(&limits, "plan_rows")? as usize,
            standards: number(&limits, "standards")? as usize,
            participants: number(&limits, "participants")? as usize,
        },
        rules: shared::programs::rules(id),
    };
    let program: &'static Program = Box::leak(Box::new(program));
    READ.with(|r| r.borrow_mut().read.push(program));
    Some(program)
}
