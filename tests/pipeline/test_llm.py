"""The optional LLM rewrite, the pipeline's step after summarize, against a loopback chat-completions server."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dataclasses import replace

import pytest

from newsbrief.pipeline.briefs import llm
from newsbrief.pipeline.briefs.summarize import summarize
from newsbrief.pipeline.process import write_brief
from tests.pipeline.test_summarize import TEXT, TITLE

FAITHFUL_LEAD = (
    "Calderwick's council voted on Tuesday to close the old harbour bridge to cars from next month. "
    "Engineers found cracks in two of its supports."
)
FAITHFUL_CLOSING = "In summary, the council shut the bridge to cars because of cracks in its supports."


class ChatServer:
    """A real HTTP server on 127.0.0.1 answering POST /v1/chat/completions as configured."""

    def __init__(self):
        self.status, self.content, self.delay, self.requests, self.headers = 200, "", 0.0, [], []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append((self.path, body))
                server.headers.append(dict(self.headers))
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
        self.endpoint = llm.Endpoint(url=self.url, model="test-model", timeout=2)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, lead, closing=FAITHFUL_CLOSING):
        self.content = json.dumps({"lead": lead, "closing": closing})

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = ChatServer()
    yield s
    s.close()


def rewritten(server, **endpoint):
    """The brief as the pipeline writes it with the server's model."""
    return write_brief(TITLE, TEXT, rewrite=replace(server.endpoint, **endpoint))


def extractive():
    return summarize(TITLE, TEXT)


def test_faithful_answer_is_used_and_marked_llm(server):
    server.answer(FAITHFUL_LEAD)
    brief = rewritten(server)
    assert brief.lead_text == FAITHFUL_LEAD
    assert [s.method for s in brief.lead] == ["llm", "llm"]
    assert brief.closing_text == FAITHFUL_CLOSING and brief.closing[0].method == "llm"
    assert brief.method == "extractive+llm"
    assert all(s.span is not None for s in [*brief.lead, *brief.closing])


def test_request_goes_to_chat_completions_with_the_configured_model(server):
    server.answer(FAITHFUL_LEAD)
    rewritten(server)
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
    brief = rewritten(server)
    base = extractive()
    assert brief.lead[0].method == "llm"
    assert brief.lead[1] == base.lead[1]
    assert brief.lead[1].method == "extractive"
    assert any(reason in note for note in brief.notes)


def test_unfaithful_closing_falls_back_to_the_extractive_closing(server):
    server.answer(FAITHFUL_LEAD, closing="In summary, Mayor Brandt promised 12 new bridges.")
    brief = rewritten(server)
    assert brief.closing == extractive().closing
    assert any("closing rejected" in note for note in brief.notes)


def test_closing_that_repeats_the_lead_is_rejected(server):
    server.answer(FAITHFUL_LEAD, closing="In summary, " + FAITHFUL_LEAD)
    brief = rewritten(server)
    assert brief.closing == extractive().closing


def test_server_error_keeps_the_extractive_brief(server):
    server.status = 500
    brief = rewritten(server)
    base = extractive()
    assert (brief.lead, brief.closing, brief.method) == (base.lead, base.closing, "extractive")
    assert any("not used" in note for note in brief.notes)


def test_answer_without_json_keeps_the_extractive_brief(server):
    server.content = "Sorry, I cannot help with that."
    brief = rewritten(server)
    assert brief.lead == extractive().lead


def test_slow_server_times_out_to_the_extractive_brief(server):
    server.delay = 1.0
    server.answer(FAITHFUL_LEAD)
    brief = rewritten(server, timeout=0.3)
    assert brief.lead == extractive().lead


def test_too_long_lead_loses_whole_sentences(server):
    sentence = "The council of Calderwick voted to close the old harbour bridge to cars from next month after engineers found cracks."
    server.answer(" ".join([sentence] * 4))
    brief = rewritten(server)
    assert len(brief.lead) <= 3
    assert sum(len(s.text.split()) for s in brief.lead) <= 75


def test_nothing_is_sent_when_no_model_is_named(server):
    server.answer(FAITHFUL_LEAD)
    assert write_brief(TITLE, TEXT, rewrite=None) == extractive()
    assert server.requests == []


def test_the_bearer_key_goes_with_the_request_when_one_is_set(server):
    server.answer(FAITHFUL_LEAD)
    rewritten(server, api_key="sk-test")
    assert server.headers[0]["Authorization"] == "Bearer sk-test"


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
