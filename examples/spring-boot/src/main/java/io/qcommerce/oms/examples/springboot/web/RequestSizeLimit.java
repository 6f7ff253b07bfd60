package io.qcommerce.oms.examples.springboot.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds the size of a request body ({@code oms.web.max-request-bytes}, 1 MiB by default), before anything reads
 * it: a body that says it is larger is answered 413 with a problem document ({@code REQUEST_TOO_LARGE}); a body
 * sent without a length stops being read at the limit, and the request fails as malformed. A cart of the largest
 * size the library takes is far below the limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class RequestSizeLimit extends OncePerRequestFilter {
    private final long max;
    private final JsonMapper json;

    RequestSizeLimit(@Value("${oms.web.max-request-bytes:1048576}") long max, JsonMapper json) {
        this.max = max;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > max) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(
                    response.getOutputStream(),
                    Problems.asMap(Problems.of(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "REQUEST_TOO_LARGE",
                            "the request body has " + declared + " bytes; at most " + max + " are taken",
                            request.getRequestURI())));
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Bounded(request, max), response);
    }

    /** A request whose body cannot be read past the limit. */
    private static final class Bounded extends HttpServletRequestWrapper {
        private final long max;

        Bounded(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > max) {
                        throw new IOException("the request body is over " + max + " bytes");
                    }
                    return b;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
