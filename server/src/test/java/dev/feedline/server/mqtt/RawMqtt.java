package dev.feedline.server.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare MQTT 3.1.1 connection over a plain socket, for what a client library will not do on
 * purpose: vanish without a DISCONNECT, or fall silent past its keep-alive.
 */
final class RawMqtt implements AutoCloseable {
    private final Socket socket;

    private RawMqtt(Socket socket) { this.socket = socket; }

    /** Connects with the username and keep-alive; returns once the CONNACK accepted the connection. */
    static RawMqtt connect(int port, String clientId, String username, int keepAliveSeconds) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);                                   // protocol level 3.1.1
        body.write(0x80 | 0x02);                         // username, clean session
        body.write(keepAliveSeconds >> 8);
        body.write(keepAliveSeconds & 0xFF);
        writeString(body, clientId);
        writeString(body, username);
        byte[] payload = body.toByteArray();
        var out = socket.getOutputStream();
        out.write(0x10);
        out.write(payload.length);                       // < 128 bytes: one length byte
        out.write(payload);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] connack = in.readNBytes(4);
        if (connack.length != 4 || connack[0] != 0x20 || connack[3] != 0) {
            socket.close();
            throw new IOException("connection refused, CONNACK return code " + (connack.length == 4 ? connack[3] : -1));
        }
        return new RawMqtt(socket);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }

    /** Drops the TCP connection without a DISCONNECT packet. */
    @Override
    public void close() throws IOException { socket.close(); }
}
