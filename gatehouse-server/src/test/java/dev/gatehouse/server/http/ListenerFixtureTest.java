package dev.gatehouse.server.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener tests' fixture: one listener per class or per test, closed after use, failing on handler failures. */
class ListenerFixtureTest {
    @RegisterExtension
    static final ListenerFixture shared = new ListenerFixture(1, ListenerFixture.LIMITS);
    @RegisterExtension
    final ListenerFixture own = new ListenerFixture(1, ListenerFixture.LIMITS);

    static HttpListener firstShared;
    static HttpListener firstOwn;
    /** A keep-alive connection to the first test's own listener, left open by the client. */
    static RawClient firstOwnClient;

    @AfterAll
    static void closeClient() throws IOException {
        if (firstOwnClient != null) {
            firstOwnClient.close();
        }
    }

    @RepeatedTest(2)
    void aStaticFieldSharesOneListenerAndAnInstanceFieldGivesEachTestItsOwn(RepetitionInfo repetition)
            throws IOException {
        if (repetition.getCurrentRepetition() == 1) {
            firstShared = shared.listener();
            firstOwn = own.listener();
            firstOwnClient = own.client();
            assertThat(firstOwnClient.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("hello");
            return;
        }
        assertThat(shared.listener()).isSameAs(firstShared);
        assertThat(own.listener()).isNotSameAs(firstOwn);
        // The first test's own listener was closed after it, its connections with it.
        assertThat(firstOwnClient.closedByServer()).isTrue();
        try (RawClient c = own.client()) {
            assertThat(c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void aFailureTheHandlerRecordedFailsTheTestAndHeldExchangesAreForgotten() throws Exception {
        try (RawClient c = own.client()) {
            c.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
            HttpExchange held = own.handler().held.poll(5, TimeUnit.SECONDS);
            assertThat(held).isNotNull();
            own.handler().held.add(held);
            own.handler().failures.add(new IllegalStateException("recorded by the handler"));
            assertThatThrownBy(own::checkHandler).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("recorded by the handler");
            assertThat(own.handler().held).isEmpty();
            own.checkHandler(); // the failure was reported once
        }
    }
}
