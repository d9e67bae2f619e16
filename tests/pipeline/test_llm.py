"""The optional LLM rewrite against a loopback server that speaks the chat-completions API."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsbrief.pipeline.briefs import llm
from newsbrief.pipeline.briefs.summarize import summarize
from tests.pipeline.test_summarize import TEXT, TITLE

FAITHFUL_LEAD = (
    "Calderwick's council voted on Tuesday to close the old harbour bridge to cars from next month. "
    "Engineers found cracks in two of its supports."
)
FAITHFUL_CLOSING = "In summary, the council shut the bridge to cars because of cracks in its supports."


class ChatServer:
    """A real HTTP server on 127.0.0.1 answering POST /v1/chat/completions as configured."""

    def __init__(self):
        self.status, self.content, self.delay, self.requests = 200, "", 0.0, []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append((self.path, body))
                time.sleep(server.delay)
                if server.status != 200:
                    self.send_response(server.status)
                    self.end_headers()
                    return
                payload = {
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": server.content}, "finish_reason": "stop"}],
                }
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, lead, closing=FAITHFUL_CLOSING):
        self.content = json.dumps({"lead": lead, "closing": closing})

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch):
    s = ChatServer()
    monkeypatch.setenv("NEWSBRIEF_LLM_URL", s.url)
    monkeypatch.setenv("NEWSBRIEF_LLM_MODEL", "test-model")
    monkeypatch.setenv("NEWSBRIEF_LLM_TIMEOUT", "2")
    yield s
    s.close()


def extractive():
    import os

    url = os.environ.pop("NEWSBRIEF_LLM_URL", None)
    try:
        return summarize(TITLE, TEXT)
    finally:
        if url is not None:
            os.environ["NEWSBRIEF_LLM_URL"] = url


def test_faithful_answer_is_used_and_marked_llm(server):
    server.answer(FAITHFUL_LEAD)
    brief = summarize(TITLE, TEXT)
    assert brief.lead_text == FAITHFUL_LEAD
    assert [s.method for s in brief.lead] == ["llm", "llm"]
    assert brief.closing_text == FAITHFUL_CLOSING and brief.closing[0].method == "llm"
    assert brief.method == "extractive+llm"
    assert all(s.span is not None for s in [*brief.lead, *brief.closing])


def test_request_goes_to_chat_completions_with_the_configured_model(server):
    server.answer(FAITHFUL_LEAD)
    summarize(TITLE, TEXT)
    path, body = server.requests[0]
    assert path == "/v1/chat/completions"
    assert body["model"] == "test-model"
    assert body["messages"][0]["role"] == "system"
    assert "Calderwick" in body["messages"][1]["content"]


@pytest.mark.parametrize(
    "bad_sentence, reason",
    [
        ("The repairs will cost 9 million pounds.", "number"),
        ('The leader called it "a tragic day for the town."', "quotation"),
        ("Prime Minister Whitfield condemned the closure.", "name"),
        ("Repairs will take five years.", "number"),
    ],
)
def test_unfaithful_sentence_falls_back_to_the_extractive_one(server, bad_sentence, reason):
    server.answer(f"Calderwick's council voted to close the old harbour bridge to cars. {bad_sentence}")
    brief = summarize(TITLE, TEXT)
    base = extractive()
    assert brief.lead[0].method == "llm"
    assert brief.lead[1] == base.lead[1]
    assert brief.lead[1].method == "extractive"
    assert any(reason in note for note in brief.notes)


def test_unfaithful_closing_falls_back_to_the_extractive_closing(server):
    server.answer(FAITHFUL_LEAD, closing="In summary, Mayor Brandt promised 12 new bridges.")
    brief = summarize(TITLE, TEXT)
    assert brief.closing == extractive().closing
    assert any("closing rejected" in note for note in brief.notes)


def test_closing_that_repeats_the_lead_is_rejected(server):
    server.answer(FAITHFUL_LEAD, closing="In summary, " + FAITHFUL_LEAD)
    brief = summarize(TITLE, TEXT)
    assert brief.closing == extractive().closing


def test_server_error_keeps_the_extractive_brief(server):
    server.status = 500
    brief = summarize(TITLE, TEXT)
    base = extractive()
    assert (brief.lead, brief.closing, brief.method) == (base.lead, base.closing, "extractive")
    assert any("not used" in note for note in brief.notes)


def test_answer_without_json_keeps_the_extractive_brief(server):
    server.content = "Sorry, I cannot help with that."
    brief = summarize(TITLE, TEXT)
    assert brief.lead == extractive().lead


def test_slow_server_times_out_to_the_extractive_brief(server, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_LLM_TIMEOUT", "0.3")
    server.delay = 1.0
    server.answer(FAITHFUL_LEAD)
    brief = summarize(TITLE, TEXT)
    assert brief.lead == extractive().lead


def test_too_long_lead_loses_whole_sentences(server):
    sentence = "The council of Calderwick voted to close the old harbour bridge to cars from next month after engineers found cracks."
    server.answer(" ".join([sentence] * 4))
    brief = summarize(TITLE, TEXT)
    assert len(brief.lead) <= 3
    assert sum(len(s.text.split()) for s in brief.lead) <= 75


def test_nothing_is_sent_when_no_url_is_set(monkeypatch):
    monkeypatch.delenv("NEWSBRIEF_LLM_URL", raising=False)
    assert not llm.configured()
    assert summarize(TITLE, TEXT).method == "extractive"


def test_gate_accepts_numbers_written_with_or_without_commas():
    assert llm.unfaithful("About 4000 commuters are affected.", TEXT) == ""
    assert llm.unfaithful("It cost 1,250 pounds.", "The bill was 1250 pounds.") == ""


def test_gate_matches_names_against_lowercased_source():
    source = "the council of calderwick met on tuesday ."
    assert llm.unfaithful("Calderwick's council met on Tuesday.", source) == ""
    assert "name" in llm.unfaithful("Calderwick's council met in Brighton.", source)


def test_parse_reply_accepts_code_fences_and_a_list_lead():
    lead, closing = llm.parse_reply('```json\n{"lead": ["One.", "Two."], "closing": "In summary, three."}\n```')
    assert (lead, closing) == ("One. Two.", "In summary, three.")
