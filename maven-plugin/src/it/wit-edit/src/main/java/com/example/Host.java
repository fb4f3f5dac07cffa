package com.example;

import com.example.greet.my.greet.greeter.Greeting;

public final class Host {
    static Greeting twice(String text) {
        return new Greeting(text, 2);
    }
}
