#include "GuiTestSupport.h"
#include "Habilitation.h"
#include "MemoryKeyStore.h"
#include "Session.h"
#include "Totp.h"
#include "mandats/MandatsController.h"
#include "referent/AddAidantsDialog.h"
#include "referent/AidantPage.h"
#include "referent/AppEnrolmentDialog.h"
#include "referent/HabilitationRequestsModel.h"
#include "referent/HabilitationWidget.h"
#include "referent/ReferentAidantsModel.h"
#include "referent/ReferentPage.h"
#include "referent/TrainingSelectionDialog.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QUrlQuery>

namespace {

constexpr int kTimeoutMs = 15000;

using GuiTest::child;

/// Keyboard only: focus the widget, then Space (buttons, checkboxes, radio buttons).
void press(QWidget *widget)
{
    QVERIFY2(widget->isVisible(), qPrintable(widget->objectName()));
    QVERIFY2(widget->isEnabled(), qPrintable(widget->objectName()));
    widget->setFocus();
    QTest::keyClick(widget, Qt::Key_Space);
}

/// Replaces a line edit's text by typing (ASCII only: QTest::keyClicks asserts on other text).
void type(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

bool isInteractive(QWidget *widget)
{
    return qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget)
        || qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractItemView *>(widget)
        || qobject_cast<QTabBar *>(widget) || qobject_cast<QPlainTextEdit *>(widget);
}

/// The interactive widgets under @p root that lack an object name or an accessible name.
QStringList unnamedInteractiveWidgets(QWidget *root)
{
    QStringList unnamed;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        if (!isInteractive(widget))
            continue;
        if (widget->objectName().isEmpty() || widget->accessibleName().isEmpty())
            unnamed << QStringLiteral("%1 « %2 »")
                           .arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName());
    }
    return unnamed;
}

/// Tab from @p start until back to it: the visible, enabled interactive widgets of @p root never
/// reached (the keyboard cannot use them).
QStringList unreachableByTab(QWidget *root, QWidget *start)
{
    QSet<QWidget *> reached;
    start->setFocus();
    QWidget *current = start;
    for (int i = 0; i < 200; ++i) {
        reached.insert(current);
        QTest::keyClick(current, Qt::Key_Tab);
        current = root->window()->focusWidget();
        if (!current || current == start)
            break;
    }
    QStringList missing;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        // Radio buttons of one group: one tab stop, the arrows move between them.
        if (!isInteractive(widget) || !widget->isVisible() || !widget->isEnabled()
            || widget->focusPolicy() == Qt::NoFocus || qobject_cast<QRadioButton *>(widget))
            continue;
        if (!reached.contains(widget))
            missing << widget->objectName();
    }
    return missing;
}

} // namespace

/// « Demandes d'habilitation » in the Espace référent, end to end against the real server, keyboard
/// only: the référent adds an aidant, the ANCT validates the request with the admin commands, the
/// référent registers them to a training session, gives them the phone app, and they log in.
class TestHabilitationTab final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_configDir;
    QTemporaryDir m_work;
    std::unique_ptr<MainWindow> m_window;
    TestServer::Account m_referent;
    TestServer::Account m_elsewhere; ///< habilitated in another organisation: structure change
    QList<qint64> m_sessionIds; ///< two published sessions, in date order
    qint64 m_requestId = 0; ///< Mathilde Loarec's request
    qint64 m_secondRequestId = 0; ///< Sylvain Dufraisse's request (cancelled)

    const QString m_newEmail = QStringLiteral("mathilde.loarec@test.example");
    const QString m_secondEmail = QStringLiteral("sylvain.dufraisse@test.example");

    ReferentPage *referentPage() const { return m_window->referentPage(); }
    HabilitationWidget *widget() const { return referentPage()->habilitationWidget(); }
    HabilitationRequestsModel *requests() const { return widget()->requestsModel(); }
    QTableView *requestsTable() const { return child<QTableView>(widget(), "requestsTableView"); }
    QLabel *widgetError() const { return child<QLabel>(widget(), "habilitationErrorLabel"); }

    qint64 count(const QString &statement)
    {
        QString output;
        if (m_server->runSqlBehindServer(statement, &output) != 0)
            return -1;
        return output.trimmed().toLongLong();
    }

    QString statusLabel(qint64 requestId) const
    {
        const ApiClient::HabilitationRequest *r = requests()->request(requestId);
        return r ? r->statusLabel : QString();
    }

    /// Puts the requests table's cursor on @p requestId with the arrow keys.
    void selectRequest(qint64 requestId)
    {
        activateMainWindow();
        QTRY_VERIFY_WITH_TIMEOUT(requests()->rowOf(requestId) >= 0, kTimeoutMs);
        QTableView *table = requestsTable();
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier); // the first row (Home: the first column)
        for (int i = 0;
             i < requests()->rowCount() && table->currentIndex().row() != requests()->rowOf(requestId); ++i)
            QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(
            table->currentIndex().data(HabilitationRequestsModel::RequestIdRole).toLongLong(), requestId);
    }

    /// « Actualiser » of the page: reads everything again.
    void refresh() { press(child<QPushButton>(referentPage(), "refreshPushButton")); }

    void moveRequest(qint64 requestId, const QString &action)
    {
        QString output;
        const int code
            = m_server->runAdmin({ QStringLiteral("move-habilitation-request"), QStringLiteral("--id"),
                                     QString::number(requestId), QStringLiteral("--action"), action },
                &output);
        QVERIFY2(code == 0, qPrintable(output));
    }

    AddAidantsDialog *openAddDialog()
    {
        press(child<QPushButton>(widget(), "addAidantsPushButton"));
        AddAidantsDialog *dialog = widget()->addDialog();
        if (!dialog || !dialog->isVisible())
            return nullptr;
        return activate(dialog) ? dialog : nullptr;
    }

    /// « Inscrire à une formation » on the current request: the dialog, active, its sessions read.
    TrainingSelectionDialog *openTrainingDialog()
    {
        press(child<QPushButton>(widget(), "registerTrainingPushButton"));
        TrainingSelectionDialog *dialog = widget()->trainingDialog();
        if (!dialog || !dialog->isVisible())
            return nullptr;
        return activate(dialog) ? dialog : nullptr;
    }

    /// The keyboard goes to @p window (offscreen, no window manager activates a dialog that opens).
    static bool activate(QWidget *window)
    {
        window->activateWindow();
        QApplication::setActiveWindow(window);
        return QTest::qWaitForWindowActive(window);
    }

    void activateMainWindow() { QVERIFY(activate(m_window.get())); }

    QLabel *addError(AddAidantsDialog *dialog) const { return child<QLabel>(dialog, "addAidantsErrorLabel"); }

    void fillPerson(AddAidantsDialog *dialog, int row, const QString &first, const QString &last,
        const QString &email, const QString &profession)
    {
        const QString n = QString::number(row);
        type(dialog->findChild<QLineEdit *>(QStringLiteral("firstNameLineEdit") + n), first);
        type(dialog->findChild<QLineEdit *>(QStringLiteral("lastNameLineEdit") + n), last);
        type(dialog->findChild<QLineEdit *>(QStringLiteral("emailLineEdit") + n), email);
        type(dialog->findChild<QLineEdit *>(QStringLiteral("professionLineEdit") + n), profession);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_configDir.isValid() && m_work.isValid());
        m_server = std::make_unique<TestServer>();
        QVERIFY(m_server->start());
        m_referent = m_server->createAccount(QStringLiteral("nadia.guimendego@test.example"),
            QStringLiteral("Nadia"), QStringLiteral("Guimendego"), true);
        QVERIFY(m_referent.id > 0);
        QCOMPARE(m_server->runSqlBehindServer(
                     QStringLiteral("UPDATE aidants SET cgu_version = '2024-06' WHERE id = %1;")
                         .arg(m_referent.id)),
            0);
        const qint64 other = m_server->createOrganisation(QStringLiteral("Mediatheque de Test"));
        QVERIFY(other > 0);
        m_elsewhere = m_server->createAccount(QStringLiteral("angela.dubois@test.example"),
            QStringLiteral("Angela"), QStringLiteral("Dubois"), false, true, other);
        QVERIFY(m_elsewhere.id > 0);

        // Two published sessions far enough ahead to be offered (28 days), one not published.
        const QDate start = QDate::currentDate().addDays(60);
        const QList<QPair<int, QStringList>> sessions {
            { 0, { QStringLiteral("--place"), QStringLiteral("Lens"), QStringLiteral("--publish") } },
            { 7, { QStringLiteral("--place"), QStringLiteral("Brest"), QStringLiteral("--publish") } },
            { 14, { QStringLiteral("--place"), QStringLiteral("Caen") } },
        };
        for (const auto &s : sessions) {
            QString output;
            QStringList arguments { QStringLiteral("create-training-session"), QStringLiteral("--organisme"),
                QStringLiteral("Mednum"), QStringLiteral("--start"),
                start.addDays(s.first).toString(Qt::ISODate), QStringLiteral("--duration"),
                QStringLiteral("7"), QStringLiteral("--max-attendees"), QStringLiteral("12"),
                QStringLiteral("--format"), QStringLiteral("in_person") };
            arguments << s.second;
            QVERIFY2(m_server->runAdmin(arguments, &output) == 0, qPrintable(output));
            const qint64 id = output.trimmed().toLongLong();
            QVERIFY(id > 0);
            if (s.second.contains(QStringLiteral("--publish")))
                m_sessionIds << id;
        }

        GuiTest::useServer(m_configDir.path(), *m_server);
        m_window = std::make_unique<MainWindow>();
        m_window->mandatsController()->setKeyStore(std::make_unique<MemoryKeyStore>());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTest::keyClicks(child<QLineEdit>(m_window.get(), "emailLineEdit"), m_referent.email);
        auto *code = child<QLineEdit>(m_window.get(), "codeLineEdit");
        QTest::keyClicks(code, m_server->nextCode(m_referent));
        QTest::keyClick(code, Qt::Key_Return);
        auto *home = m_window->findChild<QWidget *>(QStringLiteral("HomePage"));
        QTRY_VERIFY_WITH_TIMEOUT(home->isVisible(), kTimeoutMs);

        // « Mon espace responsable », then its « Demandes d'habilitation » tab, with the keyboard.
        press(child<QPushButton>(home, "referentPushButton"));
        QTRY_VERIFY(referentPage()->isVisible());
        auto *tabs = child<QTabWidget>(referentPage(), "referentTabWidget");
        tabs->tabBar()->setFocus();
        QTest::keyClick(tabs->tabBar(), Qt::Key_Right);
        QTest::keyClick(tabs->tabBar(), Qt::Key_Right);
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Demandes d'habilitation"));
        QVERIFY(widget()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(widget()->organisationId(), m_server->organisationId(), kTimeoutMs);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        Settings::setConfigDirOverride(QString());
        m_server.reset();
    }

    void addsAidantsToTrain()
    {
        AddAidantsDialog *dialog = openAddDialog();
        QVERIFY(dialog);
        QPointer<AddAidantsDialog> guard = dialog;
        // The form says who is eligible.
        QVERIFY(
            child<QLabel>(dialog, "eligibilityLabel")->text().contains(QStringLiteral("service civique")));
        QVERIFY(child<QRadioButton>(dialog, "newAidantRadioButton")->isChecked());

        // Nothing typed: the missing field named, in place.
        press(child<QPushButton>(dialog, "submitPushButton"));
        QCOMPARE(addError(dialog)->text(), QStringLiteral("Renseignez le prénom de la personne 1."));
        QCOMPARE(dialog->focusWidget(), dialog->findChild<QLineEdit *>(QStringLiteral("firstNameLineEdit1")));

        // Two people in one go.
        fillPerson(dialog, 1, QStringLiteral("Mathilde"), QStringLiteral("Loarec"), m_newEmail,
            QStringLiteral("Conseillere numerique"));
        press(child<QCheckBox>(dialog, "conseillerNumeriqueCheckBox1"));
        press(child<QPushButton>(dialog, "addHabilitationRowPushButton"));
        QCOMPARE(dialog->habilitationRowCount(), 2);
        QCOMPARE(dialog->focusWidget(), dialog->findChild<QLineEdit *>(QStringLiteral("firstNameLineEdit2")));
        fillPerson(dialog, 2, QStringLiteral("Sylvain"), QStringLiteral("Dufraisse"), m_secondEmail,
            QStringLiteral("Conseiller en economie sociale et familiale"));

        // Not certified professionals: refused before anything is sent.
        press(child<QPushButton>(dialog, "submitPushButton"));
        QVERIFY(addError(dialog)->isVisible());
        QVERIFY(addError(dialog)->text().contains(QStringLiteral("bénévoles")));
        QCOMPARE(dialog->focusWidget(), child<QCheckBox>(dialog, "professionalCheckBox"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM habilitation_requests;")), 0);

        press(child<QCheckBox>(dialog, "professionalCheckBox"));
        press(child<QPushButton>(dialog, "submitPushButton"));
        QTRY_VERIFY_WITH_TIMEOUT(!guard, kTimeoutMs); // accepted and closed
        QTRY_COMPARE_WITH_TIMEOUT(requests()->rowCount(), 2, kTimeoutMs);

        // The table as the seed's: Nom, Email, Profession, État de la demande (the server's label).
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM habilitation_requests WHERE organisation_id = %1;")
                      .arg(m_server->organisationId())),
            2);
        for (const ApiClient::HabilitationRequest &r : requests()->requests()) {
            if (r.email == m_newEmail)
                m_requestId = r.id;
            else if (r.email == m_secondEmail)
                m_secondRequestId = r.id;
        }
        QVERIFY(m_requestId > 0 && m_secondRequestId > 0);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM habilitation_requests WHERE id = %1 AND "
                                      "conseiller_numerique = TRUE;")
                           .arg(m_requestId)),
            1);
        const int row = requests()->rowOf(m_requestId);
        QCOMPARE(requests()->index(row, HabilitationRequestsModel::NameColumn).data().toString(),
            QStringLiteral("Mathilde Loarec"));
        QCOMPARE(
            requests()->index(row, HabilitationRequestsModel::EmailColumn).data().toString(), m_newEmail);
        QCOMPARE(requests()->index(row, HabilitationRequestsModel::StatusColumn).data().toString(),
            Habilitation::label(Habilitation::Status::WaitingList));
        QCOMPARE(requestsTable()->model()->headerData(3, Qt::Horizontal).toString(),
            QStringLiteral("État de la demande"));
        QVERIFY(
            child<QLabel>(widget(), "habilitationStatusLabel")->text().contains(QStringLiteral("envoyées")));

        // Waiting list: cancel, but no training yet.
        selectRequest(m_requestId);
        QVERIFY(child<QPushButton>(widget(), "cancelRequestPushButton")->isEnabled());
        QVERIFY(!child<QPushButton>(widget(), "registerTrainingPushButton")->isEnabled());
        GuiTest::snapshot(*m_window, QStringLiteral("habilitation-requests"));
    }

    void refusesADuplicateWithTheServersMessage_data()
    {
        QTest::addColumn<QString>("email");
        QTest::addColumn<QString>("message");
        QTest::newRow("open request")
            << m_newEmail
            << QStringLiteral("Une demande d'habilitation est déjà en cours pour %1.").arg(m_newEmail);
        QTest::newRow("already an aidant")
            << m_referent.email
            << QStringLiteral("Nadia Guimendego (%1) est déjà aidant de votre structure.")
                   .arg(m_referent.email);
    }

    void refusesADuplicateWithTheServersMessage()
    {
        QFETCH(QString, email);
        QFETCH(QString, message);
        const qint64 before = count(QStringLiteral("SELECT COUNT(*) FROM habilitation_requests;"));
        AddAidantsDialog *dialog = openAddDialog();
        QVERIFY(dialog);
        QPointer<AddAidantsDialog> guard = dialog;
        fillPerson(dialog, 1, QStringLiteral("Nadia"), QStringLiteral("Guimendego"), email,
            QStringLiteral("Aidant"));
        press(child<QCheckBox>(dialog, "professionalCheckBox"));
        press(child<QPushButton>(dialog, "submitPushButton"));
        QTRY_VERIFY_WITH_TIMEOUT(addError(dialog)->isVisible(), kTimeoutMs);
        QCOMPARE(addError(dialog)->text(), message);
        QVERIFY(guard && dialog->isVisible()); // still open, the form kept
        QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("emailLineEdit1"))->text(), email);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM habilitation_requests;")), before);
        press(child<QPushButton>(dialog, "cancelPushButton"));
        QTRY_VERIFY(!guard);
    }

    void anctValidatesAndTheReferentRegistersATraining()
    {
        // The ANCT validates the eligibility from the command line.
        moveRequest(m_requestId, QStringLiteral("to_processing"));
        refresh();
        QTRY_COMPARE_WITH_TIMEOUT(
            statusLabel(m_requestId), QStringLiteral("Éligibilité validée"), kTimeoutMs);
        selectRequest(m_requestId);
        auto *registerButton = child<QPushButton>(widget(), "registerTrainingPushButton");
        QVERIFY(registerButton->isEnabled());
        QCOMPARE(requests()
                     ->index(requests()->rowOf(m_requestId), HabilitationRequestsModel::ActionsColumn)
                     .data()
                     .toString(),
            QStringLiteral("Annuler la demande, Inscrire à une formation"));

        // « Formation de Mathilde Loarec »: the published sessions, none chosen yet.
        QPointer<TrainingSelectionDialog> dialog = openTrainingDialog();
        QVERIFY(dialog);
        QCOMPARE(child<QLabel>(dialog.data(), "titleLabel")->text(),
            QStringLiteral("Formation de Mathilde Loarec"));
        TrainingSessionsModel *sessions = dialog->model();
        QTRY_COMPARE_WITH_TIMEOUT(sessions->rowCount(), 2, kTimeoutMs);
        QCOMPARE(sessions->selectedId(), 0);
        QCOMPARE(
            sessions->index(0, TrainingSessionsModel::PlaceColumn).data().toString(), QStringLiteral("Lens"));
        QCOMPARE(sessions->index(0, TrainingSessionsModel::DurationColumn).data().toString(),
            QStringLiteral("7h"));
        QCOMPARE(sessions->index(0, TrainingSessionsModel::FormatColumn).data().toString(),
            QStringLiteral("Présentiel"));
        QCOMPARE(sessions->index(0, TrainingSessionsModel::DatesColumn).data().toString(),
            Habilitation::datesLabel(QDate::currentDate().addDays(60), QDate::currentDate().addDays(60)));
        auto *validate = child<QPushButton>(dialog.data(), "validatePushButton");
        press(validate);
        QVERIFY(child<QLabel>(dialog.data(), "trainingErrorLabel")->isVisible());
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM training_registrations;")), 0);

        // Keyboard: the second session (Brest), Space selects it.
        auto *table = child<QTableView>(dialog.data(), "sessionsTableView");
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Home);
        QTest::keyClick(table, Qt::Key_Down);
        QTest::keyClick(table, Qt::Key_Space);
        QCOMPARE(sessions->selectedId(), m_sessionIds.at(1));
        GuiTest::snapshot(*dialog, QStringLiteral("habilitation-training"));
        press(validate);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, kTimeoutMs);
        QCOMPARE(count(QStringLiteral("SELECT session_id FROM training_registrations WHERE request_id = %1;")
                           .arg(m_requestId)),
            m_sessionIds.at(1));
        QTRY_VERIFY_WITH_TIMEOUT(requests()->request(m_requestId)
                && requests()->request(m_requestId)->trainingSessions.size() == 1,
            kTimeoutMs);
        QVERIFY(
            child<QLabel>(widget(), "habilitationStatusLabel")->text().contains(QStringLiteral("inscrit")));

        // Again: the registration pre-selected; choosing Lens replaces it.
        selectRequest(m_requestId);
        dialog = openTrainingDialog();
        QVERIFY(dialog);
        sessions = dialog->model();
        QTRY_COMPARE_WITH_TIMEOUT(sessions->rowCount(), 2, kTimeoutMs);
        QCOMPARE(sessions->selectedId(), m_sessionIds.at(1));
        table = child<QTableView>(dialog.data(), "sessionsTableView");
        QCOMPARE(table->currentIndex().row(), 1); // the cursor on the current registration
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Up);
        QTest::keyClick(table, Qt::Key_Space);
        QCOMPARE(sessions->selectedId(), m_sessionIds.at(0));
        press(child<QPushButton>(dialog.data(), "validatePushButton"));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, kTimeoutMs);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM training_registrations WHERE request_id = %1;")
                           .arg(m_requestId)),
            1);
        QCOMPARE(count(QStringLiteral("SELECT session_id FROM training_registrations WHERE request_id = %1;")
                           .arg(m_requestId)),
            m_sessionIds.at(0));

        // « Annuler » closes without a change.
        selectRequest(m_requestId);
        dialog = openTrainingDialog();
        QVERIFY(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->model()->selectedId(), m_sessionIds.at(0), kTimeoutMs);
        press(child<QPushButton>(dialog.data(), "cancelPushButton"));
        QTRY_VERIFY(!dialog);
        QCOMPARE(count(QStringLiteral("SELECT session_id FROM training_registrations WHERE request_id = %1;")
                           .arg(m_requestId)),
            m_sessionIds.at(0));

        // Trained: the ANCT validates, which opens the account in the organisation.
        moveRequest(m_requestId, QStringLiteral("validate"));
        refresh();
        QTRY_COMPARE_WITH_TIMEOUT(statusLabel(m_requestId), QStringLiteral("Validée"), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(referentPage()->model()->aidants().cbegin(),
                                     referentPage()->model()->aidants().cend(),
                                     [this](const ReferentAidant &a) { return a.email == m_newEmail; }),
            kTimeoutMs);
    }

    void givesTheNewAidantThePhoneAppAndTheyLogIn()
    {
        qint64 aidantId = 0;
        for (const ReferentAidant &a : referentPage()->model()->aidants()) {
            if (a.email == m_newEmail)
                aidantId = a.id;
        }
        QVERIFY(aidantId > 0);
        // From the « Aidants » tab: search, Enter opens the page (« Activer »: no device yet).
        auto *tabs = child<QTabWidget>(referentPage(), "referentTabWidget");
        tabs->setCurrentIndex(1);
        type(child<QLineEdit>(referentPage(), "searchLineEdit"), m_newEmail);
        auto *table = child<QTableView>(referentPage(), "activeAidantsTableView");
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, kTimeoutMs);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Home);
        QCOMPARE(child<QPushButton>(referentPage(), "openActivePushButton")->text().remove(QLatin1Char('&')),
            QStringLiteral("Activer"));
        QTest::keyClick(table, Qt::Key_Return);
        AidantPage *page = referentPage()->aidantPage();
        QTRY_VERIFY(page->isVisible());
        QCOMPARE(page->aidantId(), aidantId);

        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(page, "enrolAppPushButton")->isEnabled(), kTimeoutMs);
        press(child<QPushButton>(page, "enrolAppPushButton"));
        QTRY_VERIFY_WITH_TIMEOUT(page->appDialog() && page->appDialog()->isVisible(), kTimeoutMs);
        QPointer<AppEnrolmentDialog> dialog = page->appDialog();
        // The QR code decoded as a phone would.
        const QPixmap pixmap = child<QLabel>(dialog.data(), "qrCodeLabel")->pixmap();
        QVERIFY(!pixmap.isNull());
        const QString png = m_work.filePath(QStringLiteral("app-qr.png"));
        QVERIFY(pixmap.save(png));
        QProcess zbar;
        zbar.start(QStringLiteral("zbarimg"), { QStringLiteral("--raw"), QStringLiteral("-q"), png });
        QVERIFY(zbar.waitForFinished(30000));
        QCOMPARE(zbar.exitCode(), 0);
        const QString uri = QString::fromUtf8(zbar.readAllStandardOutput()).trimmed();
        QFile::remove(png);
        QVERIFY(uri.startsWith(QStringLiteral("otpauth://totp/")));
        const std::optional<QByteArray> secret
            = Totp::decodeBase32(QUrlQuery(QUrl(uri).query()).queryItemValue(QStringLiteral("secret")));
        QVERIFY(secret.has_value());
        TestServer::Account app;
        app.id = aidantId;
        app.email = m_newEmail;
        app.secret = *secret;
        app.stepSeconds = Totp::kPhoneStepSeconds;
        auto *code = child<QLineEdit>(dialog.data(), "appCodeLineEdit");
        type(code, m_server->nextCode(app));
        QTest::keyClick(code, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            child<QLabel>(page, "appStateLabel")->text(), QStringLiteral("Application activée."), kTimeoutMs);

        // The new aidant logs in with their phone.
        const TestServer::HttpResult login = m_server->postJson(QStringLiteral("/api/v1/auth/login"),
            { { QStringLiteral("email"), m_newEmail }, { QStringLiteral("code"), m_server->nextCode(app) } });
        QCOMPARE(login.status, 200);
        QVERIFY(!login.json.value(QStringLiteral("token")).toString().isEmpty());

        press(child<QPushButton>(page, "backPushButton"));
        QTRY_VERIFY(!page->isVisible());
        tabs->setCurrentWidget(widget());
    }

    /// Another registration takes the last seat while the dialog is open: the server's refusal is
    /// said, the dialog stays open and reads the sessions again (the full one is no longer offered).
    void aSessionFilledMeanwhileIsSaid()
    {
        const QDate day = QDate::currentDate().addDays(80);
        QString output;
        QVERIFY2(m_server->runAdmin(
                     { QStringLiteral("create-training-session"), QStringLiteral("--organisme"),
                         QStringLiteral("Mednum"), QStringLiteral("--start"), day.toString(Qt::ISODate),
                         QStringLiteral("--duration"), QStringLiteral("7"), QStringLiteral("--max-attendees"),
                         QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("in_person"),
                         QStringLiteral("--place"), QStringLiteral("Evry"), QStringLiteral("--publish") },
                     &output)
                == 0,
            qPrintable(output));
        const qint64 lastSeat = output.trimmed().toLongLong();
        QVERIFY(lastSeat > 0);

        selectRequest(m_requestId);
        QPointer<TrainingSelectionDialog> dialog = openTrainingDialog();
        QVERIFY(dialog);
        TrainingSessionsModel *sessions = dialog->model();
        QTRY_COMPARE_WITH_TIMEOUT(sessions->rowCount(), 3, kTimeoutMs);
        int row = -1;
        for (int i = 0; i < sessions->rowCount(); ++i) {
            if (sessions->index(i, 0).data(TrainingSessionsModel::SessionIdRole).toLongLong() == lastSeat)
                row = i;
        }
        QVERIFY(row >= 0);
        auto *table = child<QTableView>(dialog.data(), "sessionsTableView");
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier);
        for (int i = 0; i < row; ++i)
            QTest::keyClick(table, Qt::Key_Down);
        QTest::keyClick(table, Qt::Key_Return); // Enter selects too
        QCOMPARE(sessions->selectedId(), lastSeat);

        // The last seat goes to another request behind the dialog's back.
        QCOMPARE(m_server->runSqlBehindServer(
                     QStringLiteral("INSERT INTO training_registrations (session_id, request_id, created_at) "
                                    "VALUES (%1, %2, 0);")
                         .arg(lastSeat)
                         .arg(m_secondRequestId)),
            0);
        press(child<QPushButton>(dialog.data(), "validatePushButton"));
        auto *error = child<QLabel>(dialog.data(), "trainingErrorLabel");
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(sessions->rowCount(), 2, kTimeoutMs);
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(error->isVisible()); // still said after the list was read again
        QCOMPARE(error->text(),
            QStringLiteral("La session de formation du %1 est complète. Choisissez-en une autre.")
                .arg(Habilitation::datesLabel(day, day).mid(3)));
        QCOMPARE(sessions->selectedId(), m_sessionIds.at(0)); // the registration kept
        QCOMPARE(count(QStringLiteral("SELECT session_id FROM training_registrations WHERE request_id = %1;")
                           .arg(m_requestId)),
            m_sessionIds.at(0));
        press(child<QPushButton>(dialog.data(), "cancelPushButton"));
        QTRY_VERIFY(!dialog);
        QCOMPARE(
            m_server->runSqlBehindServer(
                QStringLiteral("DELETE FROM training_registrations WHERE session_id = %1;").arg(lastSeat)),
            0);
    }

    void cancelsARequest()
    {
        selectRequest(m_secondRequestId);
        auto *cancel = child<QPushButton>(widget(), "cancelRequestPushButton");
        auto *confirm = child<QPushButton>(widget(), "confirmCancelPushButton");
        QVERIFY(!confirm->isVisible());
        // Asked first; « Ne pas annuler » changes nothing.
        press(cancel);
        QVERIFY(confirm->isVisible());
        QCOMPARE(m_window->focusWidget(), confirm);
        QVERIFY(child<QLabel>(widget(), "confirmCancelLabel")
                    ->text()
                    .contains(QStringLiteral("Sylvain Dufraisse")));
        press(child<QPushButton>(widget(), "keepRequestPushButton"));
        QVERIFY(!confirm->isVisible());
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM habilitation_requests WHERE id = %1 AND status = "
                                      "'waiting_list';")
                           .arg(m_secondRequestId)),
            1);

        press(cancel);
        press(confirm);
        QTRY_COMPARE_WITH_TIMEOUT(
            statusLabel(m_secondRequestId), QStringLiteral("Annulée par le référent"), kTimeoutMs);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM habilitation_requests WHERE id = %1 AND status = "
                                      "'cancelled_by_referent';")
                           .arg(m_secondRequestId)),
            1);
        // Nothing left to do on it.
        selectRequest(m_secondRequestId);
        QVERIFY(!cancel->isEnabled());
        QVERIFY(!child<QPushButton>(widget(), "registerTrainingPushButton")->isEnabled());
        QCOMPARE(requests()
                     ->index(requests()->rowOf(m_secondRequestId), HabilitationRequestsModel::ActionsColumn)
                     .data()
                     .toString(),
            QStringLiteral("Aucune"));
    }

    void createsAndCancelsAStructureChange()
    {
        AddAidantsDialog *dialog = openAddDialog();
        QVERIFY(dialog);
        QPointer<AddAidantsDialog> guard = dialog;
        press(child<QRadioButton>(dialog, "changeStructureRadioButton"));
        auto *email = child<QLineEdit>(dialog, "currentEmailLineEdit1");
        QVERIFY(email->isVisible());
        QVERIFY(!child<QLineEdit>(dialog, "firstNameLineEdit1")->isVisible());

        // Nobody has that address: the server's French refusal.
        type(email, QStringLiteral("personne.inconnue@test.example"));
        press(child<QPushButton>(dialog, "submitPushButton"));
        QTRY_VERIFY_WITH_TIMEOUT(addError(dialog)->isVisible(), kTimeoutMs);
        QVERIFY(addError(dialog)->text().startsWith(
            QStringLiteral("Aucun aidant habilité n'a l'adresse personne.inconnue@test.example")));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM structure_change_requests;")), 0);

        type(email, m_elsewhere.email);
        type(
            child<QLineEdit>(dialog, "newEmailLineEdit1"), QStringLiteral("angela.dubois@structure.example"));
        press(child<QPushButton>(dialog, "submitPushButton"));
        QTRY_VERIFY_WITH_TIMEOUT(!guard, kTimeoutMs);
        StructureChangesModel *changes = widget()->changesModel();
        QTRY_COMPARE_WITH_TIMEOUT(changes->rowCount(), 1, kTimeoutMs);
        QCOMPARE(changes->index(0, StructureChangesModel::NameColumn).data().toString(),
            QStringLiteral("Angela Dubois"));
        QCOMPARE(changes->index(0, StructureChangesModel::NewEmailColumn).data().toString(),
            QStringLiteral("angela.dubois@structure.example"));
        QCOMPARE(changes->index(0, StructureChangesModel::StatusColumn).data().toString(),
            QStringLiteral("Nouvelle"));

        activateMainWindow();
        auto *table = child<QTableView>(widget(), "structureChangesTableView");
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Home);
        auto *cancel = child<QPushButton>(widget(), "cancelChangePushButton");
        QVERIFY(cancel->isEnabled());
        press(cancel);
        press(child<QPushButton>(widget(), "confirmCancelPushButton"));
        QTRY_COMPARE_WITH_TIMEOUT(changes->index(0, StructureChangesModel::StatusColumn).data().toString(),
            QStringLiteral("Annulée par le référent"), kTimeoutMs);
        QCOMPARE(
            count(QStringLiteral(
                "SELECT COUNT(*) FROM structure_change_requests WHERE status = 'cancelled_by_referent';")),
            1);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Home);
        QVERIFY(!cancel->isEnabled());
    }

    /// A list that cannot be read is an error said in French, not an empty list.
    void anErrorIsNotAnEmptyList()
    {
        QTRY_VERIFY(requests()->rowCount() > 0);
        QCOMPARE(m_server->runSqlBehindServer(
                     QStringLiteral("DELETE FROM referent_organisations WHERE aidant_id = %1;")
                         .arg(m_referent.id)),
            0);
        widget()->reload();
        QTRY_VERIFY_WITH_TIMEOUT(widgetError()->isVisible(), kTimeoutMs);
        QVERIFY(widgetError()->text().startsWith(QStringLiteral("Impossible d'afficher")));
        QVERIFY(!widgetError()->text().contains(QStringLiteral("not_referent")));
        QCOMPARE(requests()->rowCount(), 0);
        QCOMPARE(m_server->runSqlBehindServer(QStringLiteral(
                     "INSERT INTO referent_organisations (aidant_id, organisation_id) VALUES (%1, %2);")
                                                  .arg(m_referent.id)
                                                  .arg(m_server->organisationId())),
            0);
        refresh();
        QTRY_VERIFY_WITH_TIMEOUT(requests()->rowCount() > 0, kTimeoutMs);
        QVERIFY(!widgetError()->isVisible());
    }

    void everyWidgetIsNamedAndReachableWithTheKeyboard()
    {
        QStringList unnamed = unnamedInteractiveWidgets(widget());
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));

        AddAidantsDialog *dialog = openAddDialog();
        QVERIFY(dialog);
        QPointer<AddAidantsDialog> guard = dialog;
        press(child<QPushButton>(dialog, "addHabilitationRowPushButton"));
        press(child<QPushButton>(dialog, "addHabilitationRowPushButton"));
        QCOMPARE(dialog->habilitationRowCount(), 3);
        // Removing the middle row renumbers the others.
        press(child<QPushButton>(dialog, "removeHabilitationRowPushButton2"));
        QTRY_COMPARE(dialog->habilitationRowCount(), 2);
        QCOMPARE(child<QLineEdit>(dialog, "firstNameLineEdit2")->accessibleName(),
            QStringLiteral("Prénom de la personne 2"));
        unnamed = unnamedInteractiveWidgets(dialog);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
        QStringList missing = unreachableByTab(dialog, child<QRadioButton>(dialog, "newAidantRadioButton"));
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
        // The other path, chosen with the arrow keys.
        auto *radio = child<QRadioButton>(dialog, "newAidantRadioButton");
        radio->setFocus();
        QTest::keyClick(radio, Qt::Key_Down);
        QVERIFY(child<QRadioButton>(dialog, "changeStructureRadioButton")->isChecked());
        QVERIFY(child<QLineEdit>(dialog, "currentEmailLineEdit1")->isVisible());
        missing = unreachableByTab(dialog, child<QRadioButton>(dialog, "changeStructureRadioButton"));
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
        GuiTest::snapshot(*dialog, QStringLiteral("habilitation-add-change"));
        // Escape closes it.
        QTest::keyClick(dialog->focusWidget(), Qt::Key_Escape);
        QTRY_VERIFY(!guard);

        // The training dialog of the validated request.
        selectRequest(m_requestId);
        QPointer<TrainingSelectionDialog> training = openTrainingDialog();
        QVERIFY(training);
        QTRY_VERIFY_WITH_TIMEOUT(training->model()->rowCount() > 0, kTimeoutMs);
        unnamed = unnamedInteractiveWidgets(training.data());
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
        missing = unreachableByTab(training.data(), child<QTableView>(training.data(), "sessionsTableView"));
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
        press(child<QPushButton>(training.data(), "cancelPushButton"));
        QTRY_VERIFY(!training);

        // The tab itself: everything reachable with Tab from « Ajouter un aidant ».
        selectRequest(m_requestId); // some buttons enabled
        missing = unreachableByTab(widget(), child<QPushButton>(widget(), "addAidantsPushButton"));
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    }

    /// A locked or closed session empties the page: the dialogs close, no request stays shown.
    void clearingThePageClosesTheDialogs()
    {
        QTRY_VERIFY_WITH_TIMEOUT(requests()->rowCount() > 0, kTimeoutMs);
        QPointer<AddAidantsDialog> dialog = openAddDialog();
        QVERIFY(dialog);
        referentPage()->clear();
        QTRY_VERIFY(!dialog);
        QCOMPARE(requests()->rowCount(), 0);
        QCOMPARE(widget()->changesModel()->rowCount(), 0);
        QCOMPARE(widget()->organisationId(), 0);
    }
};

int main(int argc, char *argv[])
{
    return GuiTest::webEngineTestMain<TestHabilitationTab>(argc, argv);
}

#include "testHabilitationTab.moc"
