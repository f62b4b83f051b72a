package org.sevensteps.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sevensteps.server.api.ApiTest.awaitEnd;
import static org.sevensteps.server.api.ApiTest.json;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.server.store.Databases;
import org.sevensteps.server.web.ClassroomServer;
import tools.jackson.databind.JsonNode;

/** Teacher and students on one server: who sees what, limits, bad input, and a restart mid-run. */
@Timeout(180)
class ClassroomTest {
    ClassroomServer server;
    String base;

    void start(String dbUrl) {
        server = new ClassroomServer(0, ApiTest.dataDir(), dbUrl, "cpu (test)").start();
        base = "http://localhost:" + server.port();
        ApiTest.base = base;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
    }

    HttpResponse<String> send(HttpClient c, String method, String path, String body) throws Exception {
        return ApiTest.send(c, method, path, body);
    }

    /** A browser whose teacher cookie comes from the one-time link. */
    HttpClient teacher() throws Exception {
        HttpClient t = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String link = server.teacherSignInLink();
        var r = t.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Set-Cookie").orElseThrow().contains("HttpOnly"));
        assertTrue(r.headers().firstValue("Set-Cookie").orElseThrow().contains("SameSite=Lax"));
        return t;
    }

    HttpClient student(String code, String name) throws Exception {
        HttpClient s = ApiTest.browser();
        var r = send(s, "POST", "/api/join", "{\"code\":\"" + code + "\",\"name\":\"" + name + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return s;
    }

    @Test
    void studentsSeeOnlyTheirOwnRunsAndTheTeacherSeesAllRunsOfTheClass() throws Exception {
        start(Databases.sqlite());
        HttpClient teacher = teacher();
        JsonNode klass = json(send(teacher, "POST", "/api/classes", "{\"name\":\"Year 11\"}"));
        String code = klass.get("code").asString();
        assertTrue(code.matches("[A-Z2-9]{4}-[A-Z2-9]{4}"), code);

        HttpClient ada = student(code, "Ada"), bo = student(code.toLowerCase().replace("-", ""), "Bo");
        String adaRun = json(send(ada, "POST", "/api/runs", "{\"model\":\"baseline\"}")).get("id").asString();
        String boRun = json(send(bo, "POST", "/api/runs", "{\"model\":\"baseline\"}")).get("id").asString();

        assertEquals(403, send(bo, "GET", "/api/runs/" + adaRun, null).statusCode());
        assertEquals(403, send(ada, "DELETE", "/api/runs/" + boRun, null).statusCode());
        assertEquals(List.of(adaRun), ids(json(send(ada, "GET", "/api/runs", null))));

        var classRuns = json(send(teacher, "GET", "/api/classes/" + klass.get("id").asString() + "/runs", null));
        assertEquals(2, classRuns.size());
        assertEquals(200, send(teacher, "GET", "/api/runs/" + adaRun, null).statusCode());
        awaitEnd(ada, adaRun);
        awaitEnd(bo, boRun);
        assertEquals(403, send(ada, "GET", "/api/classes/" + klass.get("id").asString() + "/runs", null).statusCode(),
                "a student is not the teacher");
    }

    @Test
    void badJoinsAndReusedLinksGetClearMessages() throws Exception {
        start(Databases.sqlite());
        HttpClient teacher = teacher();
        String code = json(send(teacher, "POST", "/api/classes", "{\"name\":\"7B\"}")).get("code").asString();
        student(code, "Ada");

        var wrong = send(ApiTest.browser(), "POST", "/api/join", "{\"code\":\"ZZZZ-ZZZZ\",\"name\":\"Cy\"}");
        assertEquals(400, wrong.statusCode());
        assertTrue(json(wrong).get("error").asString().contains("No class has the code 'ZZZZ-ZZZZ'"), wrong.body());

        var taken = send(ApiTest.browser(), "POST", "/api/join", "{\"code\":\"" + code + "\",\"name\":\"Ada\"}");
        assertEquals(400, taken.statusCode());
        assertTrue(json(taken).get("error").asString().contains("already uses the name"), taken.body());

        var script = send(ApiTest.browser(), "POST", "/api/join", "{\"code\":\"" + code + "\",\"name\":\"<script>\"}");
        assertEquals(400, script.statusCode());

        String link = server.teacherSignInLink();
        HttpClient first = HttpClient.newHttpClient(), second = HttpClient.newHttpClient();
        assertEquals(302, first.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        var again = second.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, again.statusCode());
        assertTrue(json(again).get("error").asString().contains("works once"), again.body());

        assertEquals(403, send(ApiTest.browser(), "POST", "/api/classes", "{\"name\":\"mine\"}").statusCode(),
                "only the teacher creates classes");
    }

    @Test
    void theTeachersLimitsApplyToTheirStudents() throws Exception {
        start(Databases.sqlite());
        HttpClient teacher = teacher();
        JsonNode klass = json(send(teacher, "POST", "/api/classes", "{\"name\":\"Limits\"}"));
        var set = send(teacher, "PUT", "/api/classes/" + klass.get("id").asString() + "/limits",
                "{\"max_epochs\":2,\"runs_per_student\":1,\"cpu_fallback\":false}");
        assertEquals(200, set.statusCode(), set.body());
        HttpClient ada = student(klass.get("code").asString(), "Ada");

        var tooLong = send(ada, "POST", "/api/runs", "{\"model\":\"linear\",\"epochs\":5}");
        assertEquals(400, tooLong.statusCode());
        assertTrue(json(tooLong).get("error").asString().contains("at most 2 epochs"), tooLong.body());

        assertEquals(201, send(ada, "POST", "/api/runs", "{\"model\":\"linear\",\"epochs\":2}").statusCode());
        var second = send(ada, "POST", "/api/runs", "{\"model\":\"linear\",\"epochs\":2}");
        assertEquals(400, second.statusCode());
        assertTrue(json(second).get("error").asString().contains("the limit is 1"), second.body());
    }

    @Test
    void aRestartInTheMiddleOfARunKeepsTheFinishedEpochsAndTheRunCanBeRestartedWithTheSameSeed() throws Exception {
        String db = Databases.sqlite();
        start(db);
        HttpClient teacher = teacher();
        String code = json(send(teacher, "POST", "/api/classes", "{\"name\":\"Restart\"}")).get("code").asString();
        HttpClient ada = student(code, "Ada");
        String id = json(send(ada, "POST", "/api/runs", "{\"model\":\"mlp\",\"epochs\":3,\"seed\":5}")).get("id").asString();
        JsonNode run = json(send(ada, "GET", "/api/runs/" + id, null));
        for (int i = 0; i < 1200 && run.get("epochs").size() < 1; i++) {
            Thread.sleep(100);
            run = json(send(ada, "GET", "/api/runs/" + id, null));
        }
        assertEquals(1, run.get("epochs").size(), "one epoch finished before the restart");
        server.close();

        start(db); // same database, new server: Ada's cookie still names her
        JsonNode after = json(send(ada, "GET", "/api/runs/" + id, null));
        assertEquals("interrupted", after.get("state").asString());
        assertTrue(after.get("epochs").size() >= 1, after.toString());
        assertEquals(run.get("epochs").get(0), after.get("epochs").get(0), "the finished epoch is kept as it was");

        var restarted = send(ada, "POST", "/api/runs/" + id + "/restart", null);
        assertEquals(201, restarted.statusCode(), restarted.body());
        String newId = json(restarted).get("id").asString();
        JsonNode again = json(send(ada, "GET", "/api/runs/" + newId, null));
        assertEquals(5, again.get("spec").get("seed").asInt());
        assertEquals(id, again.get("restarted_from").asString());
        send(ada, "DELETE", "/api/runs/" + newId, null);
    }

    @Test
    void theClassroomWorksOnPostgresqlToo() throws Exception {
        start(Databases.postgres());
        HttpClient teacher = teacher();
        String code = json(send(teacher, "POST", "/api/classes", "{\"name\":\"PG\"}")).get("code").asString();
        HttpClient ada = student(code, "Ada");
        String id = json(send(ada, "POST", "/api/runs", "{\"model\":\"baseline\"}")).get("id").asString();
        JsonNode run = awaitEnd(ada, id);
        assertEquals("done", run.get("state").asString());
        assertEquals(0.951, run.get("final_accuracy").asDouble(), 1e-3);
        assertEquals(1, run.get("epochs").size());
    }

    static List<String> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get("id").asString()).toList();
    }
}
