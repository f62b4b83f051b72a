package org.sevensteps.ui.shell;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/** Page-wide settings: the Lumo theme, our style sheet, title, description and icon. */
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("context://css/sevensteps.css")
@StyleSheet("context://css/lessons.css")
@Meta(name = "description", content = "Seven Steps: learn how neural networks learn, by training them.")
public class AppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Seven Steps");
        settings.addFavIcon("icon", "/icons/sevensteps.svg", "any"); // without one, every page asks for /favicon.ico and gets 404
    }
}
