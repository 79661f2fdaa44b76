//! The one call the form makes: submitting a finished application.

use gloo_net::http::Request;
use serde::Deserialize;
use shared::{Application, Entry};

/// What the server answers on 201.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Receipt {
    pub id: String,
    pub receipt: String,
    pub submitted_at: String,
    pub warnings: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    errors: Vec<Entry>,
}

/// Why a submission was not stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The server's rules found errors (422): they belong on the fields.
    Rejected(Vec<Entry>),
    /// Anything else, in words for the applicant.
    Other(String),
}

pub async fn submit(api_base: &str, app: &Application) -> Result<Receipt, Failure> {
    let url = format!("{}/api/v1/submissions", api_base.trim_end_matches('/'));
    let request = Request::post(&url)
        .header("Accept-Language", "zh-CN")
        .json(app)
        .map_err(|e| Failure::Other(format!("无法发送申请：{e}")))?;
    let response = request.send().await.map_err(|_| {
        Failure::Other("网络连接失败，申请未提交。请检查网络后重试，已填写的内容不会丢失。".into())
    })?;
    match response.status() {
        201 => response
            .json::<Receipt>()
            .await
            .map_err(|e| Failure::Other(format!("服务器回执无法识别：{e}"))),
        status => {
            let body = response.json::<ErrorBody>().await.ok();
            match body {
                Some(b) if status == 422 => Err(Failure::Rejected(b.errors)),
                Some(b) if !b.errors.is_empty() => Err(Failure::Other(
                    b.errors
                        .into_iter()
                        .map(|e| e.message)
                        .collect::<Vec<_>>()
                        .join("；"),
                )),
                _ => Err(Failure::Other(format!(
                    "服务器暂时无法受理（{status}），请稍后重试。"
                ))),
            }
        }
    }
}
